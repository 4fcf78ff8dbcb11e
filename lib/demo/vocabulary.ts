// Word banks for the demo data. Every person, place, institution and work here is INVENTED; web addresses use the
// reserved `.example` / `example.org` domains, e-mail addresses `example.invalid`. Nothing is a benchmark item.
import type { Rng } from "@/lib/demo/prng";

export const GIVEN_NAMES = [
  "Ilse", "Tomasz", "Maren", "Oskar", "Lucía", "Bram", "Anneli", "Casimir", "Ottilie", "Halvard", "Nerys", "Emeric",
  "Sunniva", "Jorund", "Petra", "Aurelio", "Vesna", "Leopold", "Ingrid", "Teodor", "Mirela", "Finnian", "Zofia",
  "Ansel", "Rosalind", "Idris", "Solveig", "Matthias", "Esme", "Konrad", "Yara", "Dmitri", "Clementine", "Tobias",
  "Amara", "Jonah", "Linnea", "Rafael", "Henrike", "Soren", "Beatrix", "Cyrus", "Wilhelmina", "Elio", "Greta",
] as const;

export const SURNAMES = [
  "Varnholt", "Ostrander", "Quillfeather", "Dahlgren", "Merriweather", "Castellane", "Thornbury", "Veldkamp",
  "Ashcombe", "Lindqvist", "Halloran", "Brennisch", "Marchetti", "Ravensworth", "Kestrelle", "Oyelaran", "Fenwicke",
  "Sandoval-Reyes", "Abernethy", "Holmgaard", "Tarrant", "Wexley", "Bellacourt", "Draskovic", "Penhallow", "Stroud",
  "Illingworth", "Vasquez-Orr", "Nakashima-Hale", "Crewe", "Morland", "Eskildsen", "Ferreira-Lund", "Galloway",
] as const;

export const TOWNS = [
  "Orvelle", "Kestrel Bay", "Lindholm Vale", "Port Averly", "Saltmarsh Crossing", "Emberfield", "Glenhollow",
  "Westmere", "Aldcastle", "Brightwater Ford", "Harrowgate Mills", "Novy Brenek", "San Aurelio del Monte", "Vellinge",
  "Tarn Ossory", "Caddington Reach", "Mirrowby", "Felsbruck", "Quarry Hythe", "Old Sennet", "Dunmarrow", "Ravello Alto",
] as const;

export const RIVERS = [
  "Velka", "Ashwater", "Morrow", "Linden", "Sable", "Orrin", "Tamsk", "Greywell", "Essendine", "Korva", "Brannock",
  "Little Ouse-Marrow", "Silverlode", "Halm", "Wendle",
] as const;

export const INSTITUTION_KINDS = [
  "Conservatory", "Institute of Marine Cartography", "Botanical Society", "Polytechnic", "Observatory",
  "Museum of Industrial Glass", "Academy of Applied Acoustics", "Library and Archive", "School of Textile Design",
  "Institute for Coastal Ecology", "Museum of Clockmaking", "College of Navigation",
] as const;

export const FIELDS = [
  "algebraic topology", "computational phylogenetics", "medieval numismatics", "granular physics",
  "historical linguistics", "tensor network theory", "paleoclimatology", "combinatorial game theory",
  "glass chemistry", "bioacoustics", "coastal geomorphology", "formal semantics",
] as const;

export const CONCEPT_NOUNS = ["index", "invariant", "criterion", "lemma", "coefficient", "bound", "conjecture", "transform"] as const;

export const THINGS = [
  "moth species", "shipwrecks", "hand-drawn maps", "pipe-organ stops", "glass negatives", "meteorite fragments",
  "lichen samples", "letters", "clock movements", "herbarium sheets", "bell castings", "survey plates",
] as const;

export const SHIP_WORDS = ["Marigold", "Dawn", "Tern", "Halcyon", "Resolute", "Lantern", "Cormorant", "Verity", "Starling", "Meridian"] as const;

export const FILM_WORDS = [
  "Winter", "Harbour", "Lanterns", "Glass", "Orchard", "Silence", "Tide", "Quarry", "Ember", "Cartographer", "Kite",
  "Northern", "Paper", "Bells", "Saltwater", "Clockwork", "Hollow", "Meridian",
] as const;

export const COMPANY_WORDS = ["Lumen", "Halden", "Brightforge", "Quillon", "Northwind", "Corvid", "Tessellate", "Verdant", "Kilnworks", "Arbor"] as const;

export const COMPANY_SUFFIXES = ["Instruments", "Optics", "Textiles", "Robotics", "Ceramics", "Analytics", "Maritime", "Acoustics"] as const;

export const ROLES = ["director", "chief curator", "first principal", "harbourmaster", "head librarian", "conductor", "chair"] as const;

export const PROGRAMS = [
  "the summer residency", "the evening lecture series", "the visiting-scholar fellowship", "the archive reading room",
  "the junior orchestra", "the open-water safety course", "the glass-blowing workshop", "the map restoration internship",
] as const;

export const OFFICE_FACTS = ["application deadline", "room number", "contact e-mail", "weekly opening hours", "registration fee"] as const;

export const MONTHS = [
  "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
] as const;

export const SEARCH_NOISE_TITLES = [
  "Forum thread: anyone know about {x}?", "{x} — Local History Wiki (demo)", "Travel notes: a weekend in {x}",
  "{x}: a bibliography", "Obituaries and notices, {x}", "Press release archive — {x}", "{x} (disambiguation)",
  "Photo gallery: {x}", "Course catalogue entry mentioning {x}", "Newsletter no. 14 — {x}",
] as const;

export const THINK_OPENERS = [
  "Okay, let me figure this out.", "Alright, I need to work through this step by step.", "Let me think about what is being asked.",
  "Hmm, let me break the question down.", "Okay, let me start by restating the problem.", "Let me read the question carefully.",
] as const;

export const THINK_CONNECTORS = [
  "Wait,", "Hmm,", "So", "Alternatively,", "But", "Now,", "Let me double-check:", "Actually,", "OK,", "Then",
] as const;

export function personName(rng: Rng): string {
  return `${rng.pick(GIVEN_NAMES)} ${rng.pick(SURNAMES)}`;
}

export function institutionName(rng: Rng, town = rng.pick(TOWNS)): string {
  return `${town} ${rng.pick(INSTITUTION_KINDS)}`;
}

export function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

export function filmTitle(rng: Rng): string {
  const a = rng.pick(FILM_WORDS);
  let b = rng.pick(FILM_WORDS);
  if (b === a) b = rng.pick(FILM_WORDS);
  return rng.pick([`The ${a} ${b}`, `${a} of the ${b}`, `${a} and ${b}`, `A ${a} ${b}`]);
}

export function shipName(rng: Rng): string {
  return `SS ${rng.pick(SHIP_WORDS)} ${rng.pick(SHIP_WORDS)}`;
}

export function companyName(rng: Rng): string {
  return `${rng.pick(COMPANY_WORDS)} ${rng.pick(COMPANY_SUFFIXES)}`;
}

export function conceptName(rng: Rng): string {
  const a = rng.pick(SURNAMES);
  let b = rng.pick(SURNAMES);
  if (b === a) b = rng.pick(SURNAMES);
  return rng.chance(0.5) ? `${a}–${b} ${rng.pick(CONCEPT_NOUNS)}` : `${a} ${rng.pick(CONCEPT_NOUNS)}`;
}

export function dateText(rng: Rng, year: number): string {
  return `${rng.pick(MONTHS)} ${rng.int(1, 28)}, ${year}`;
}

export function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
