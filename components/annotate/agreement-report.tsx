import { Table, Td, Th } from "@/components/ui/table";
import type { AgreementResult } from "@/lib/annotation-agreement";

const f = (x: number | null | undefined) => (x === null || x === undefined ? "—" : x.toFixed(3));

/** Agreement figures per question, confusion matrices, and humans against the RRM (server-rendered). */
export function AgreementReportView({ report }: { report: AgreementResult }) {
  const nameOf = (id: string) => report.annotators.find((a) => a.id === id)?.name ?? id;
  const h = report.humanVsRrm;
  return (
    <div className="space-y-6">
      <section>
        <h2 className="mb-2 text-base font-semibold">Per question</h2>
        <Table aria-label="Agreement per question">
          <thead>
            <tr>
              <Th>Question</Th>
              <Th>Level</Th>
              <Th align="right">Items</Th>
              <Th align="right">Annotators</Th>
              <Th align="right">% agreement</Th>
              <Th align="right" title="Two annotators; linear weights for ordinal questions">Cohen&apos;s κ</Th>
              <Th align="right" title="Three or more annotators">Fleiss&apos; κ</Th>
              <Th align="right">Krippendorff&apos;s α</Th>
            </tr>
          </thead>
          <tbody>
            {report.questions.map((q) => (
              <tr key={q.questionId}>
                <Td>{q.label}</Td>
                <Td>{q.level}</Td>
                <Td align="right">{q.items}</Td>
                <Td align="right">{q.annotators}</Td>
                <Td align="right">{q.percentAgreement === null ? "—" : `${(100 * q.percentAgreement).toFixed(1)}%`}</Td>
                <Td align="right">{f(q.cohenKappa)}</Td>
                <Td align="right">{f(q.fleissKappa)}</Td>
                <Td align="right">{f(q.krippendorffAlpha)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
        {report.questions.some((q) => q.items === 0) ? <p className="mt-1 text-xs text-zinc-500">— : fewer than two annotations on any item yet.</p> : null}
      </section>
      {report.questions.filter((q) => q.confusion).map((q) => (
        <section key={q.questionId}>
          <h3 className="mb-1 text-sm font-semibold">
            {q.label}: {nameOf(q.confusion!.annotators[0])} (rows) against {nameOf(q.confusion!.annotators[1])} (columns)
          </h3>
          <Table aria-label={`Confusion matrix: ${q.label}`} className="w-auto">
            <thead>
              <tr>
                <Th />
                {q.confusion!.categories.map((c) => (
                  <Th key={String(c)} align="right">{String(c)}</Th>
                ))}
              </tr>
            </thead>
            <tbody>
              {q.confusion!.counts.map((row, i) => (
                <tr key={i}>
                  <Th scope="row">{String(q.confusion!.categories[i])}</Th>
                  {row.map((n, j) => (
                    <Td key={j} align="right" className={i === j ? "font-semibold" : ""}>{n}</Td>
                  ))}
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
      ))}
      <section>
        <h2 className="mb-2 text-base font-semibold">Humans against the RRM</h2>
        <p className="mb-2 text-sm">
          RRM verdict (score ≥ 0.5) matches correctness on {h.rrmVsCorrectness.agree} of {h.rrmVsCorrectness.items} graded items
          {h.rrmVsCorrectness.rate === null ? "" : ` (${(100 * h.rrmVsCorrectness.rate).toFixed(1)}%)`}.
        </p>
        {h.scoreCalibration ? (
          <Table aria-label="RRM score answers against the RRM's score" className="w-auto">
            <thead>
              <tr>
                <Th>Humans say the RRM score is</Th>
                <Th align="right">Answers</Th>
                <Th align="right">Mean RRM score</Th>
              </tr>
            </thead>
            <tbody>
              {h.scoreCalibration.map((row) => (
                <tr key={row.answer}>
                  <Td>{row.answer.replace(/_/g, " ")}</Td>
                  <Td align="right">{row.count}</Td>
                  <Td align="right">{f(row.meanRrmScore)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : null}
        {h.critiqueVsCorrectness ? (
          <div className="mt-3">
            <Table aria-label="Critique correct against correctness" className="w-auto">
              <thead>
                <tr>
                  <Th>Critique correct?</Th>
                  {h.critiqueVsCorrectness.columns.map((c) => (
                    <Th key={c} align="right">trajectory {c}</Th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {h.critiqueVsCorrectness.answers.map((a, i) => (
                  <tr key={a}>
                    <Td>{a}</Td>
                    {h.critiqueVsCorrectness!.counts[i].map((n, j) => (
                      <Td key={j} align="right">{n}</Td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        ) : null}
      </section>
    </div>
  );
}
