// Invented benchmark-style tasks for the demo. Every question is made from templates over invented names (see
// vocabulary.ts); none is, or paraphrases, a real benchmark item. Math answers are computed, so they are right.
// A task also carries what the trajectory generator needs to tell a plausible story: the facts ("hops") an agent
// would look up, a distractor answer that a careless agent would give, and for math the code that computes it.
import type { Rng } from "@/lib/demo/prng";
import { rngFor } from "@/lib/demo/prng";
import type { BenchmarkFamily, SplitSpec } from "@/lib/demo/benchmarks";
import { reportedBenchmarkName } from "@/lib/demo/benchmarks";
import { F1_CREDIT_THRESHOLD, normalizeAnswer, tokenF1 } from "@/lib/reagent/rule-reward";
import {
  FIELDS, INSTITUTION_KINDS, OFFICE_FACTS, PROGRAMS, RIVERS, ROLES, SEARCH_NOISE_TITLES, SURNAMES, THINGS, TOWNS,
  companyName, conceptName, dateText, filmTitle, institutionName, personName, shipName, slug, withThousands,
} from "@/lib/demo/vocabulary";

/** One fact an agent has to find, where it is, and how it would search for it. */
export type Hop = {
  query: string;
  title: string;
  url: string;
  /** The sentence on the page that states the fact. */
  fact: string;
  /** A misleading sentence a careless agent might take instead (mentions the distractor). */
  decoy: string;
  value: string;
};

export type MathWork = {
  /** Python that prints the answer. */
  code: string;
  /** Python with a plausible slip that prints `wrongValue`. */
  wrongCode: string;
  wrongValue: string;
  /** Short explanation of the approach, for the reasoning text. */
  approach: string;
};

export type DemoTask = {
  index: number;
  benchmark: string;
  level: string | null;
  family: BenchmarkFamily;
  externalId: string;
  question: string;
  groundTruth: string;
  template: string;
  /** A wrong answer a careless agent would plausibly give. */
  distractor: string;
  /** A wrong answer that shares tokens with the ground truth (QA partial credit), when the template has one. */
  partial: string | null;
  hops: Hop[];
  math: MathWork | null;
  /** Attached file (GAIA): name and content an agent reads with file_reader. */
  attachment: { name: string; content: string } | null;
  /** Website root for WebWalkerQA navigation. */
  site: string | null;
  /** Question is written in Chinese (xbench-DeepSearch). */
  chinese: boolean;
};

export const DEMO_TASK_NOTE = "Invented for the Reagent Workbench demo data; not a benchmark item.";

const WIKI = "https://wiki.example.org/wiki/";

function wikiUrl(title: string): string {
  return WIKI + encodeURIComponent(title.replace(/ /g, "_"));
}

function otherThan<T>(rng: Rng, items: readonly T[], not: T): T {
  for (let i = 0; i < 8; i++) {
    const pick = rng.pick(items);
    if (pick !== not) return pick;
  }
  return items[(items.indexOf(not) + 1) % items.length];
}

function hop(query: string, title: string, fact: string, decoy: string, value: string, url = wikiUrl(title)): Hop {
  return { query, title, url, fact, decoy, value };
}

type Draft = Omit<DemoTask, "index" | "benchmark" | "level" | "family" | "externalId"> & { partial: string | null };

function blank(): Pick<Draft, "math" | "attachment" | "site" | "chinese" | "partial"> {
  return { math: null, attachment: null, site: null, chinese: false, partial: null };
}

// ------------------------------------------------------------------------------------------------ multi-hop QA

function birthplaceRiver(rng: Rng): Draft {
  const p = personName(rng);
  const town = rng.pick(TOWNS);
  const river = rng.pick(RIVERS);
  const wrongRiver = otherThan(rng, RIVERS, river);
  const work = `the ${rng.pick(["Harbour", "Lantern", "Orchard", "Saltmarsh", "Meridian", "Glasshouse"])} ${rng.pick(["Suite", "Variations", "Nocturnes", "Cantata"])}`;
  const born = rng.int(1820, 1950);
  return {
    ...blank(),
    template: "birthplace-river",
    question: `Which river flows through the birthplace of the composer ${p}, best known for ${work}?`,
    groundTruth: river,
    distractor: wrongRiver,
    partial: `${river} Canal`,
    hops: [
      hop(`${p} composer born`, `${p}`, `${p} (born ${born} in ${town}) was a composer best known for ${work}.`,
        `${p} spent most of the 1890s near the River ${wrongRiver}, where ${work} was first performed.`, town),
      hop(`${town} river`, town, `${town} is a market town on the River ${river}, about 40 km from the coast.`,
        `The ${wrongRiver} valley railway passes near ${town}.`, river),
    ],
  };
}

function foundingYear(rng: Rng): Draft {
  const p = personName(rng);
  const inst = institutionName(rng);
  const role = rng.pick(ROLES);
  const year = rng.int(1780, 1975);
  const wrong = year + rng.pick([-12, -5, 3, 8, 25]);
  return {
    ...blank(),
    template: "founding-year",
    question: `In what year was the institution founded where ${p} served as ${role}?`,
    groundTruth: String(year),
    distractor: String(wrong),
    hops: [
      hop(`${p} ${role}`, p, `${p} served as ${role} of the ${inst} from ${year + rng.int(30, 60)}.`,
        `${p} lectured at several societies, including one founded in ${wrong}.`, inst),
      hop(`${inst} founded`, inst, `The ${inst} was founded in ${year} by a group of local merchants.`,
        `The ${inst}'s present building dates from ${wrong}.`, String(year)),
    ],
  };
}

function bornFirst(rng: Rng): Draft {
  const a = personName(rng);
  let b = personName(rng);
  if (b === a) b = `${a.split(" ")[0]} ${otherThan(rng, SURNAMES, a.split(" ")[1] as (typeof SURNAMES)[number])}`;
  const ya = rng.int(1850, 1990);
  const yb = ya + (rng.chance(0.5) ? 1 : -1) * rng.int(1, 30);
  const first = ya < yb ? a : b;
  const second = first === a ? b : a;
  return {
    ...blank(),
    template: "born-first",
    question: `Who was born first, ${a} or ${b}?`,
    groundTruth: first,
    distractor: second,
    hops: [
      hop(`${a} born`, a, `${a} (born ${ya}) is a ${rng.pick(["painter", "cartographer", "chemist", "novelist"])}.`,
        `${a} made their debut in ${Math.max(ya, yb) + 20}.`, String(ya)),
      hop(`${b} born`, b, `${b} (born ${yb}) is a ${rng.pick(["sculptor", "botanist", "architect", "poet"])}.`,
        `${b} received an award in ${Math.min(ya, yb) + 18}.`, String(yb)),
    ],
  };
}

function directorBirthplace(rng: Rng): Draft {
  const film = filmTitle(rng);
  const d = personName(rng);
  const town = rng.pick(TOWNS);
  const wrongTown = otherThan(rng, TOWNS, town);
  const year = rng.int(1935, 2019);
  return {
    ...blank(),
    template: "director-birthplace",
    question: `What is the place of birth of the director of the film ${film}?`,
    groundTruth: town,
    distractor: wrongTown,
    partial: `${town} County`,
    hops: [
      hop(`${film} film director`, `${film} (film)`, `${film} is a ${year} drama film directed by ${d}.`,
        `${film} was shot on location in ${wrongTown}.`, d),
      hop(`${d} born`, d, `${d} was born in ${town} and studied at the ${institutionName(rng, town)}.`,
        `${d} lives in ${wrongTown}.`, town),
    ],
  };
}

function grandfather(rng: Rng): Draft {
  const surname = rng.pick(SURNAMES);
  const given = () => personName(rng).split(" ")[0];
  const child = `${given()} ${surname}`;
  const father = `${given()} ${surname}`;
  let grand = `${given()} ${surname}`;
  if (grand === father) grand = `${given()} ${surname} the Elder`;
  return {
    ...blank(),
    template: "paternal-grandfather",
    question: `Who is the paternal grandfather of ${child}?`,
    groundTruth: grand,
    distractor: father,
    partial: `${grand.split(" ")[0]} ${otherThan(rng, SURNAMES, surname)}`,
    hops: [
      hop(`${child} father`, child, `${child} is the son of the engineer ${father}.`, `${child} is often confused with his uncle.`, father),
      hop(`${father} father`, father, `${father} was the eldest son of ${grand}, a shipbuilder.`, `${father} named his firm after himself.`, grand),
    ],
  };
}

function headAtLaunch(rng: Rng): Draft {
  const ship = shipName(rng);
  const inst = institutionName(rng);
  const role = rng.pick(ROLES);
  const year = rng.int(1870, 1965);
  const head = personName(rng);
  const other = personName(rng);
  return {
    ...blank(),
    template: "head-at-launch",
    question: `Who was the ${role} of the ${inst} when the ${ship} was launched?`,
    groundTruth: head,
    distractor: other,
    hops: [
      hop(`${ship} launched`, ship, `The ${ship} was launched in ${year} at ${rng.pick(TOWNS)}.`, `The ${ship} was refitted in ${year + 11}.`, String(year)),
      hop(`${inst} ${role} ${year}`, `List of ${role}s of the ${inst}`,
        `${head} was ${role} of the ${inst} from ${year - rng.int(1, 6)} to ${year + rng.int(1, 9)}.`,
        `${other} was ${role} of the ${inst} from ${year + 11} to ${year + 20}.`, head),
    ],
  };
}

function naturalistPopulation(rng: Rng): Draft {
  const species = `${rng.pick(["Velka", "Orvelle", "Ashwater", "Lindholm", "Tarn"])} ${rng.pick(["river trout", "moth", "lichen", "marsh orchid", "beetle"])}`;
  const n = personName(rng);
  const journal = `Annals of ${rng.pick(TOWNS)} ${rng.pick(["Botany", "Natural History", "Entomology"])}`;
  const town = rng.pick(TOWNS);
  const pop = rng.int(800, 240000);
  const wrong = Math.round(pop * rng.uniform(0.6, 1.4));
  return {
    ...blank(),
    template: "naturalist-population",
    question: `What is the population of the town where the naturalist who first described the ${species} was born?`,
    groundTruth: withThousands(pop),
    distractor: withThousands(wrong),
    hops: [
      hop(`${species} first described`, species, `The ${species} was first described by ${n} in the ${journal} (${rng.int(1840, 1930)}).`,
        `The ${species} was popularised by a later field guide.`, n),
      hop(`${n} naturalist born`, n, `${n} was born in ${town} and founded the ${journal}.`, `${n} retired to the coast.`, town),
      hop(`${town} population`, town, `${town} had a population of ${withThousands(pop)} at the last census.`,
        `The wider ${town} district has ${withThousands(wrong)} inhabitants.`, withThousands(pop)),
    ],
  };
}

function sameTown(rng: Rng): Draft {
  const t1 = rng.pick(TOWNS);
  const same = rng.chance(0.45);
  const t2 = same ? t1 : otherThan(rng, TOWNS, t1);
  const i1 = `${t1 === t2 && rng.chance(0.5) ? "Old" : "New"} ${rng.pick(INSTITUTION_KINDS)}`;
  const i2 = `${rng.pick(SURNAMES)} ${rng.pick(INSTITUTION_KINDS)}`;
  return {
    ...blank(),
    template: "same-town",
    question: `Are the ${i1} and the ${i2} located in the same town?`,
    groundTruth: same ? "yes" : "no",
    distractor: same ? "no" : "yes",
    hops: [
      hop(`${i1} location`, i1, `The ${i1} is located in ${t1}.`, `The ${i1} has a satellite office elsewhere.`, t1),
      hop(`${i2} location`, i2, `The ${i2} is located in ${t2}.`, `The ${i2} was once located in a neighbouring town.`, t2),
    ],
  };
}

// ------------------------------------------------------------------------------------------------ web / deep research

function annualReport(rng: Rng, level: string | null): Draft {
  const inst = institutionName(rng);
  const things = rng.pick(THINGS);
  const year = rng.int(2003, 2022);
  const n = rng.int(12, 4800);
  const prev = rng.int(10, 4000);
  const hard = level === "L2" || level === "L3";
  const diff = n - prev;
  const site = `https://www.${slug(inst)}.example.org`;
  const hops = [
    hop(`${inst} annual report ${year}`, `${inst} — Annual Report ${year}`,
      `In ${year} the collection grew by ${withThousands(n)} ${things}.`, `In ${year} the museum welcomed ${withThousands(n * 7 + 13)} visitors.`,
      String(n), `${site}/reports/${year}`),
  ];
  if (hard) {
    hops.push(hop(`${inst} annual report ${year - 1}`, `${inst} — Annual Report ${year - 1}`,
      `In ${year - 1} the collection grew by ${withThousands(prev)} ${things}.`, `Acquisitions were paused for part of ${year - 1}.`,
      String(prev), `${site}/reports/${year - 1}`));
  }
  return {
    ...blank(),
    template: hard ? "annual-report-difference" : "annual-report",
    question: hard
      ? `According to the annual reports of the ${inst}, how many more ${things} were added to its collection in ${year} than in ${year - 1}? Give the number only (negative if fewer).`
      : `According to the ${year} annual report of the ${inst}, how many ${things} were added to its collection that year? Give the number only.`,
    groundTruth: String(hard ? diff : n),
    distractor: String(hard ? n + prev : n * 7 + 13),
    hops,
    math: hard
      ? { code: `added_${year} = ${n}\nadded_${year - 1} = ${prev}\nprint(added_${year} - added_${year - 1})`,
          wrongCode: `added_${year} = ${n}\nadded_${year - 1} = ${prev}\nprint(added_${year} + added_${year - 1})`,
          wrongValue: String(n + prev), approach: "subtract the two yearly acquisition counts" }
      : null,
  };
}

function spreadsheetCollector(rng: Rng): Draft {
  const p = personName(rng);
  const things = rng.pick(THINGS);
  const rows: Array<[string, string, number]> = [];
  const k = rng.int(6, 14);
  for (let i = 0; i < k; i++) rows.push([personName(rng), rng.pick(TOWNS), rng.int(1, 300)]);
  let best = 0;
  for (let i = 1; i < rows.length; i++) if (rows[i][2] > rows[best][2]) best = i;
  rows[best][2] += 1; // a unique maximum
  let second = best === 0 ? 1 : 0;
  for (let i = 0; i < rows.length; i++) if (i !== best && rows[i][2] > rows[second][2]) second = i;
  const name = `${slug(p)}-${slug(things)}.xlsx`;
  const content = ["| collector | town | items |", "|---|---|---|", ...rows.map(([c, t, n]) => `| ${c} | ${t} | ${n} |`)].join("\n");
  const surname = rows[best][0].split(" ").slice(1).join(" ");
  return {
    ...blank(),
    template: "spreadsheet-collector",
    question: `The attached spreadsheet ${name} lists the ${things} catalogued for ${p}'s survey. Which collector contributed the most items? Answer with the collector's surname.`,
    groundTruth: surname,
    distractor: rows[second][0].split(" ").slice(1).join(" "),
    hops: [],
    attachment: { name, content },
    math: {
      code: `import pandas as pd\ndf = pd.read_excel("${name}")\nprint(df.sort_values("items", ascending=False).iloc[0]["collector"])`,
      wrongCode: `import pandas as pd\ndf = pd.read_excel("${name}")\nprint(df.sort_values("items").iloc[0]["collector"])`,
      wrongValue: rows.reduce((a, b) => (b[2] < a[2] ? b : a))[0],
      approach: "sort the rows by item count and take the largest",
    },
  };
}

function tenureSurname(rng: Rng): Draft {
  const d = headAtLaunch(rng);
  const head = d.groundTruth;
  const surname = head.split(" ").slice(1).join(" ");
  return {
    ...d,
    template: "tenure-surname",
    question: d.question.replace(/^Who was/, "What is the surname of the person who was").replace(/\?$/, "? Answer with the surname only."),
    groundTruth: surname,
    distractor: d.distractor.split(" ").slice(1).join(" "),
    partial: null,
  };
}

function websiteFact(rng: Rng, level: string | null): Draft {
  const inst = institutionName(rng);
  const program = rng.pick(PROGRAMS);
  const fact = rng.pick(OFFICE_FACTS);
  const site = `https://www.${slug(inst)}.example.org`;
  const year = rng.int(2023, 2026);
  const value = (() => {
    switch (fact) {
      case "application deadline":
        return dateText(rng, year);
      case "room number":
        return `Room ${rng.pick(["A", "B", "C", "North"])}-${rng.int(101, 420)}`;
      case "contact e-mail":
        return `${slug(program).split("-").slice(1, 3).join(".")}@${slug(inst)}.example.invalid`;
      case "weekly opening hours":
        return `${rng.pick(["Tuesday", "Monday", "Wednesday"])} to ${rng.pick(["Friday", "Saturday"])}, ${rng.int(8, 10)}:00–${rng.int(16, 19)}:00`;
      default:
        return `€${rng.int(3, 40) * 5}`;
    }
  })();
  const wrong = (() => {
    switch (fact) {
      case "application deadline":
        return dateText(rng, year - 1);
      case "room number":
        return `Room ${rng.pick(["A", "B", "C"])}-${rng.int(101, 420)}`;
      case "contact e-mail":
        return `info@${slug(inst)}.example.invalid`;
      case "weekly opening hours":
        return "Monday to Friday, 9:00–17:00";
      default:
        return `€${rng.int(3, 40) * 5 + 5}`;
    }
  })();
  const depth = level === "Easy" ? 1 : level === "Medium" ? 2 : 3;
  const sections = ["about", "programmes", slug(program), "practical-information", "archive"];
  const hops: Hop[] = [];
  let path = "";
  for (let i = 0; i < depth; i++) {
    path += `/${sections[i + (i >= 2 ? 1 : 0)]}`;
    const last = i === depth - 1;
    hops.push(hop(`${inst} ${program}`, `${inst} — ${sections[i + (i >= 2 ? 1 : 0)].replace(/-/g, " ")}`,
      last ? `The ${fact} for ${program} is ${value}.` : `See the page "${program}" for details (link: ${site}${path}/${sections[i + 1]}).`,
      `Last year's ${fact} for ${program} was ${wrong}.`, last ? value : `${site}${path}`, `${site}${path}`));
  }
  return {
    ...blank(),
    template: "website-fact",
    question: `On the website of the ${inst} (${site}), what is the ${fact} for ${program}?`,
    groundTruth: value,
    distractor: wrong,
    partial: fact === "weekly opening hours" ? value.split(",")[0] : null,
    hops,
    site,
  };
}

function conceptIntroduced(rng: Rng): Draft {
  const field = rng.pick(FIELDS);
  const p = personName(rng);
  const year = rng.int(1931, 2019);
  const concept = conceptName(rng);
  const wrong = conceptName(rng);
  const obj = rng.pick(["finite lattices", "braided surfaces", "coin hoards", "sediment cores", "vowel shifts", "song dialects", "crystal defects"]);
  return {
    ...blank(),
    template: "concept-introduced",
    question: `In ${field}, which quantity did ${p} introduce in ${year} to classify ${obj}? Give its usual name.`,
    groundTruth: concept,
    distractor: wrong,
    partial: concept.split(" ").slice(-1)[0] === wrong.split(" ").slice(-1)[0] ? null : `${concept.split(/[ –]/)[0]} ${wrong.split(" ").slice(-1)[0]}`,
    hops: [
      hop(`${p} ${year} ${field} ${obj}`, `${p} (${field})`, `In ${year}, ${p} introduced what is now called the ${concept} to classify ${obj}.`,
        `The ${wrong} is a later refinement used for ${obj}.`, concept),
    ],
  };
}

function companyCity(rng: Rng): Draft {
  const company = companyName(rng);
  const founder = personName(rng);
  const town = rng.pick(TOWNS);
  const wrongTown = otherThan(rng, TOWNS, town);
  const year = rng.int(1950, 2018);
  const chinese = rng.chance(0.5);
  return {
    ...blank(),
    template: chinese ? "company-city-zh" : "company-city",
    chinese,
    question: chinese
      ? `（演示数据，虚构）公司「${company}」于${year}年成立。它的创始人${founder}出生在哪个城市？请只回答城市名。`
      : `The company ${company} was founded in ${year}. In which town was its founder born? Answer with the town name only.`,
    groundTruth: town,
    distractor: wrongTown,
    hops: [
      hop(chinese ? `${company} 创始人` : `${company} founder`, company,
        chinese ? `${company}（${year}年成立）的创始人是${founder}。` : `${company} was founded in ${year} by ${founder}.`,
        chinese ? `${company}总部位于${wrongTown}。` : `${company} is headquartered in ${wrongTown}.`, founder),
      hop(chinese ? `${founder} 出生地` : `${founder} born`, founder,
        chinese ? `${founder}出生于${town}。` : `${founder} was born in ${town}.`,
        chinese ? `${founder}曾在${wrongTown}工作多年。` : `${founder} worked in ${wrongTown} for many years.`, town),
    ],
  };
}

// ------------------------------------------------------------------------------------------------ math

function modPow(base: number, exp: number, mod: number): number {
  let result = 1n;
  let b = BigInt(base) % BigInt(mod);
  let e = BigInt(exp);
  const m = BigInt(mod);
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return Number(result);
}

function factorize(n: number): Map<number, number> {
  const f = new Map<number, number>();
  for (let p = 2; p * p <= n; p++) {
    while (n % p === 0) {
      f.set(p, (f.get(p) ?? 0) + 1);
      n /= p;
    }
  }
  if (n > 1) f.set(n, (f.get(n) ?? 0) + 1);
  return f;
}

function divisorCount(n: number): number {
  let d = 1;
  for (const e of factorize(n).values()) d *= e + 1;
  return d;
}

function divisorSum(n: number): number {
  let s = 1;
  for (const [p, e] of factorize(n)) s *= (Math.pow(p, e + 1) - 1) / (p - 1);
  return s;
}

function mathDraft(template: string, question: string, answer: number | string, wrong: number | string, code: string, wrongCode: string, approach: string): Draft {
  return {
    ...blank(),
    template,
    question,
    groundTruth: String(answer),
    distractor: String(wrong),
    hops: [],
    math: { code, wrongCode, wrongValue: String(wrong), approach },
  };
}

function gsm(rng: Rng): Draft {
  const name = personName(rng).split(" ")[0];
  switch (rng.int(0, 2)) {
    case 0: {
      const a = rng.int(8, 40), p = rng.int(2, 9), b = rng.int(2, 15), d = 7, w = 2;
      const total = (a * d + b * w) * p;
      return mathDraft("gsm-jam", `${name} sells ${a} jars of jam per day at $${p} each. On each weekend day she sells ${b} more jars than usual. How many dollars does she make in one week?`,
        total, (a * d + b) * p, `a, p, b = ${a}, ${p}, ${b}\nweekdays, weekend = 5, 2\nprint((a * weekdays + (a + b) * weekend) * p)`,
        `a, p, b = ${a}, ${p}, ${b}\nprint((a * 7 + b) * p)`, "count weekday and weekend jars separately, then multiply by the price");
    }
    case 1: {
      const x = rng.int(4, 60) * 100, pct = rng.pick([10, 20, 25, 30, 40]), q = rng.int(5, 90);
      const left = (x * (100 - pct)) / 100 + q;
      return mathDraft("gsm-library", `A library has ${withThousands(x)} books. On Monday ${pct}% of them are lent out, and on Tuesday ${q} of the lent books are returned. How many books are in the library on Tuesday evening?`,
        left, (x * pct) / 100 + q, `books = ${x}\nlent = books * ${pct} // 100\nprint(books - lent + ${q})`, `books = ${x}\nprint(books * ${pct} // 100 + ${q})`,
        "subtract the lent books and add back the returned ones");
    }
    default: {
      const a = rng.int(2, 9), b = rng.int(3, 14), w = rng.int(2, 8);
      return mathDraft("gsm-walk", `${name} walks ${a} km on each weekday and ${b} km on each weekend day. How many kilometres does ${name} walk in ${w} weeks?`,
        (5 * a + 2 * b) * w, (a + b) * 7 * w, `a, b, w = ${a}, ${b}, ${w}\nprint((5 * a + 2 * b) * w)`, `a, b, w = ${a}, ${b}, ${w}\nprint((a + b) * 7 * w)`,
        "a week has five weekdays and two weekend days");
    }
  }
}

function mathCompetition(rng: Rng, hard: boolean): Draft {
  switch (rng.int(0, hard ? 3 : 2)) {
    case 0: {
      const a = rng.int(2, 19), b = rng.int(hard ? 200 : 10, hard ? 5000 : 99), m = hard ? 1000 : rng.int(5, 97);
      const r = modPow(a, b, m);
      return mathDraft("power-mod", `What is the remainder when $${a}^{${b}}$ is divided by $${m}$?`, r, (r + 1) % m,
        `print(pow(${a}, ${b}, ${m}))`, `print(pow(${a}, ${b - 1}, ${m}))`, "use fast modular exponentiation");
    }
    case 1: {
      const n = rng.int(hard ? 5000 : 60, hard ? 90000 : 999);
      const s = divisorSum(n);
      const answer = hard ? s % 1000 : s;
      return mathDraft("divisor-sum", hard ? `Let $S$ be the sum of all positive divisors of $${n}$. Find the remainder when $S$ is divided by $1000$.` : `Find the sum of all positive divisors of $${n}$.`,
        answer, hard ? (s - n) % 1000 : s - n,
        `from sympy import divisor_sigma\nn = ${n}\nprint(divisor_sigma(n)${hard ? " % 1000" : ""})`,
        `from sympy import divisor_sigma\nn = ${n}\nprint((divisor_sigma(n) - n)${hard ? " % 1000" : ""})`, "sum the divisors directly (or use the multiplicative formula)");
    }
    case 2: {
      const x = rng.int(hard ? 2000 : 100, hard ? 20000 : 1000), a = rng.int(2, 9);
      let b = rng.int(3, 13);
      if (b === a) b++;
      const gcd = (u: number, v: number): number => (v ? gcd(v, u % v) : u);
      const lcm = (a * b) / gcd(a, b);
      const count = Math.floor((x - 1) / a) + Math.floor((x - 1) / b) - Math.floor((x - 1) / lcm);
      const wrong = Math.floor((x - 1) / a) + Math.floor((x - 1) / b);
      return mathDraft("multiples", `How many positive integers less than $${x}$ are multiples of $${a}$ or $${b}$?`, count, wrong,
        `print(sum(1 for k in range(1, ${x}) if k % ${a} == 0 or k % ${b} == 0))`,
        `print(len(range(${a}, ${x}, ${a})) + len(range(${b}, ${x}, ${b})))`, "inclusion–exclusion over the two divisors");
    }
    default: {
      const primes = [2, 3, 5, 7, 11, 13];
      let n = 1;
      const k = rng.int(2, 4);
      for (const p of rng.sample(primes, k)) n *= Math.pow(p, rng.int(1, p < 6 ? 6 : 2));
      const d = divisorCount(n);
      return mathDraft("ordered-pairs", `Find the number of ordered pairs $(x, y)$ of positive integers such that $xy = ${n}$.`, d, Math.ceil(d / 2),
        `from sympy import divisor_count\nprint(divisor_count(${n}))`,
        `from sympy import divisor_count\nprint((divisor_count(${n}) + 1) // 2)`, "each divisor x fixes y = n / x, so count the divisors");
    }
  }
}

// ------------------------------------------------------------------------------------------------ assembly

function draftFor(rng: Rng, split: Pick<SplitSpec, "benchmark" | "level">): Draft {
  switch (split.benchmark) {
    case "GAIA": {
      const r = rng.next();
      if (r < 0.45) return annualReport(rng, split.level);
      if (r < 0.72) return spreadsheetCollector(rng);
      return split.level === "L1" ? naturalistPopulation(rng) : tenureSurname(rng);
    }
    case "WebWalkerQA":
      return websiteFact(rng, split.level);
    case "HLE":
      return rng.chance(0.6) ? conceptIntroduced(rng) : mathCompetition(rng, true);
    case "xbench-DeepSearch":
      return rng.chance(0.7) ? companyCity(rng) : naturalistPopulation(rng);
    case "HotpotQA":
      return rng.pick([birthplaceRiver, foundingYear, bornFirst, sameTown])(rng);
    case "2WikiMultihopQA":
      return rng.pick([directorBirthplace, grandfather, bornFirst])(rng);
    case "Bamboogle":
      return rng.pick([headAtLaunch, foundingYear, birthplaceRiver])(rng);
    case "MuSiQue":
      return rng.chance(0.6) ? naturalistPopulation(rng) : rng.pick([headAtLaunch, directorBirthplace])(rng);
    case "GSM8K":
      return gsm(rng);
    case "MATH500":
      return mathCompetition(rng, false);
    default: // AIME24, AIME25
      return mathCompetition(rng, true);
  }
}

export function taskExternalId(split: Pick<SplitSpec, "benchmark" | "level">, index: number): string {
  return `demo-${slug(reportedBenchmarkName(split.benchmark, split.level))}-${String(index).padStart(6, "0")}`;
}

/** The task with global index `index` of a seed; a pure function of (seed, index, split). */
export function makeTask(seed: string, index: number, split: SplitSpec): DemoTask {
  const rng = rngFor(seed, "task", index);
  const draft = draftFor(rng, split);
  // A wrong answer must really be wrong, and a partial one must earn partial credit (token F1 >= 0.3).
  if (normalizeAnswer(draft.distractor) === normalizeAnswer(draft.groundTruth)) {
    const n = Number(draft.groundTruth.replace(/,/g, ""));
    draft.distractor = Number.isFinite(n) && draft.groundTruth.trim() !== "" ? String(n + 1) : `not ${draft.groundTruth}`;
    if (draft.math) draft.math = { ...draft.math, wrongValue: draft.distractor };
  }
  if (draft.partial !== null) {
    const f1 = tokenF1(draft.partial, draft.groundTruth);
    if (f1 < F1_CREDIT_THRESHOLD || f1 >= 1) draft.partial = null;
  }
  return {
    ...draft,
    index,
    benchmark: split.benchmark,
    level: split.level,
    family: split.family,
    externalId: taskExternalId(split, index),
  };
}

/** Noise search results around a topic (titles and snippets that do not answer the question). */
export function noiseTitle(rng: Rng, topic: string): string {
  return rng.pick(SEARCH_NOISE_TITLES).replace("{x}", topic);
}
