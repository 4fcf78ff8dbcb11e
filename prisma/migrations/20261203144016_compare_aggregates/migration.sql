-- CreateTable
CREATE TABLE "RunTaskOutcome" (
    "runId" INTEGER NOT NULL,
    "taskId" INTEGER NOT NULL,
    "benchmark" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "trajectories" INTEGER NOT NULL,
    "graded" INTEGER NOT NULL,
    "correct" INTEGER NOT NULL,
    "judged" INTEGER NOT NULL,
    "scoreSum" DECIMAL(65,30) NOT NULL,
    "firstTrajectoryId" INTEGER NOT NULL,

    CONSTRAINT "RunTaskOutcome_pkey" PRIMARY KEY ("runId","taskId")
);

-- CreateTable
CREATE TABLE "RunTaskType" (
    "runId" INTEGER NOT NULL,
    "benchmark" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "graded" INTEGER NOT NULL,
    "correct" INTEGER NOT NULL,
    "tasks" INTEGER NOT NULL,
    "trajectories" INTEGER NOT NULL,
    "judged" INTEGER NOT NULL,
    "scoreSum" DECIMAL(65,30) NOT NULL,

    CONSTRAINT "RunTaskType_pkey" PRIMARY KEY ("runId","benchmark","level","graded","correct")
);

-- CreateTable
CREATE TABLE "RunScoreBin" (
    "runId" INTEGER NOT NULL,
    "benchmark" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "rrmModel" TEXT NOT NULL,
    "bin" INTEGER NOT NULL,
    "correct" BOOLEAN NOT NULL,
    "count" INTEGER NOT NULL,
    "scoreSum" DECIMAL(65,30) NOT NULL,
    "scoreSq" DECIMAL(65,30) NOT NULL,

    CONSTRAINT "RunScoreBin_pkey" PRIMARY KEY ("runId","benchmark","level","rrmModel","bin","correct")
);

-- CreateTable
CREATE TABLE "GroupRanking" (
    "runId" INTEGER NOT NULL,
    "groupKey" TEXT NOT NULL,
    "rrmModel" TEXT NOT NULL,
    "benchmark" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "members" INTEGER NOT NULL,
    "pairs" INTEGER NOT NULL,
    "wins" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "GroupRanking_pkey" PRIMARY KEY ("runId","rrmModel","groupKey")
);

-- CreateTable
CREATE TABLE "RunRanking" (
    "runId" INTEGER NOT NULL,
    "benchmark" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "rrmModel" TEXT NOT NULL,
    "groups" INTEGER NOT NULL,
    "informative" INTEGER NOT NULL,
    "pairs" INTEGER NOT NULL,
    "wins" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "RunRanking_pkey" PRIMARY KEY ("runId","rrmModel","benchmark","level")
);

-- ---------------------------------------------------------------------------------------------------------------
-- Compare aggregates (hand-written; schema.prisma cannot describe functions and triggers). See docs/compare.md.
--
-- The Compare page, the runs list and the run page aggregate a run's trajectories by task, by score bin and by GRPO
-- group. Scanning the trajectories for that costs seconds at a million rows, so these tables hold the
-- aggregates and statement-level triggers on "Trajectory" and "Judgment" keep them exact as rows are written (COPY
-- included), changed and deleted. Writers maintain nothing themselves.
-- - "RunScoreBin" is kept by deltas (+1 for a new row, -1 for an old one; numeric sums, so that adding and removing
--   a score leaves the sums exactly as a recount would).
-- - "RunTaskOutcome" and "GroupRanking" are recounted for the (run, task) and (run, group) keys a statement touches:
--   whether an attempt is final depends on other rows (its retries), and pairs within a group on every member. Their
--   per-run sums, "RunTaskType" and "RunRanking", follow by deltas of the rows recounted (old row out, new row in).
--   A recount reads other transactions' committed rows, so it runs under a per-run advisory lock that is held to the
--   end of the transaction: two writers of one run take turns, and the second recounts with the first one's rows.
-- Each aggregate's definition from scratch is one function (rw_task_outcomes, rw_group_rankings, rw_score_bins): the
-- recounts and the backfill below use it, and the tests compare the maintained tables with it.

-- The score bin of the Compare page: width 0.01, 1.0 in the top bin, -1 for no score.
CREATE FUNCTION "rw_score_bin"(score float8) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN score IS NULL THEN -1 ELSE LEAST(99, GREATEST(0, floor(score * 100 + 1e-6)))::int END
$$;

CREATE TYPE "rw_run_task" AS ("runId" int, "taskId" int);
CREATE TYPE "rw_run_group" AS ("runId" int, "groupKey" text);
CREATE TYPE "rw_score_delta" AS ("runId" int, benchmark text, level text, "rrmModel" text, score float8, correct boolean, sign int);

-- Takes the runs' aggregate locks in id order (so that two writers never wait on each other in a cycle). Writers
-- that touch several statements of one run take it first themselves (ingest does), so that they never hold row locks
-- another writer of the run waits for while they wait for this one.
CREATE FUNCTION "rw_lock_compare_runs"(run_ids int[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(run_ids) = 0 THEN RETURN; END IF;
  -- A recount must see what the writer it waited for committed: only READ COMMITTED takes a new snapshot per statement.
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'trajectories and judgments must be written in READ COMMITTED transactions (this one is %): the compare aggregates recount from committed rows',
      current_setting('transaction_isolation');
  END IF;
  PERFORM pg_advisory_xact_lock(72707370, id) FROM (SELECT DISTINCT id FROM unnest(run_ids) AS u(id) WHERE id IS NOT NULL ORDER BY id) r;
END $$;

-- Definitions from scratch ------------------------------------------------------------------------------------

-- Final evaluation attempts per (run, task): not a training rollout, and not a first attempt that a retry refines.
CREATE FUNCTION "rw_task_outcomes"(keys "rw_run_task"[]) RETURNS SETOF "RunTaskOutcome" LANGUAGE sql STABLE AS $$
  SELECT t."runId", t."taskId", min(t.benchmark), coalesce(min(t.level), ''), count(*)::int, count(t.correct)::int,
         (count(*) FILTER (WHERE t.correct))::int, count(t."rrmScore")::int, coalesce(sum(t."rrmScore"::numeric), 0), min(t.id)
  FROM (SELECT DISTINCT "runId", "taskId" FROM unnest(keys)) k
  JOIN "Trajectory" t ON t."runId" = k."runId" AND t."taskId" = k."taskId"
  WHERE t."trainingStep" IS NULL AND NOT EXISTS (SELECT 1 FROM "Trajectory" r WHERE r."parentId" = t.id)
  GROUP BY t."runId", t."taskId"
$$;

-- Per group and scorer ('' = each member's latest score, else one RRM model's judgments): members, and the
-- correct × incorrect pairs of scored members with how many the scorer orders right, ties counting half. That count is
-- the Mann-Whitney U of the correct members, Σ midrank − n(n + 1)/2 over their midranks among the scored members: one
-- sort per group instead of a join of every member with every other.
CREATE FUNCTION "rw_group_rankings"(keys "rw_run_group"[]) RETURNS SETOF "GroupRanking" LANGUAGE sql STABLE AS $$
  WITH k AS (SELECT DISTINCT "runId", "groupKey" FROM unnest(keys)),
  m AS (
    SELECT t."runId", t."groupKey", ''::text AS "rrmModel", t.benchmark, t.level, t.correct, t."rrmScore" AS score
    FROM k JOIN "Trajectory" t ON t."runId" = k."runId" AND t."groupKey" = k."groupKey"
    UNION ALL
    SELECT t."runId", t."groupKey", j."rrmModel", t.benchmark, t.level, t.correct, j.score
    FROM k JOIN "Trajectory" t ON t."runId" = k."runId" AND t."groupKey" = k."groupKey"
    JOIN "Judgment" j ON j."trajectoryId" = t.id),
  r AS (
    SELECT m.*, m.correct IS NOT NULL AND m.score IS NOT NULL AS scored,
           rank() OVER (PARTITION BY "runId", "groupKey", "rrmModel", m.correct IS NOT NULL AND m.score IS NOT NULL ORDER BY m.score)
             + (count(*) OVER (PARTITION BY "runId", "groupKey", "rrmModel", m.correct IS NOT NULL AND m.score IS NOT NULL, m.score) - 1) / 2.0 AS midrank
    FROM m)
  SELECT "runId", "groupKey", "rrmModel", min(benchmark), coalesce(min(level), ''), count(*)::int,
         ((count(*) FILTER (WHERE scored AND correct)) * (count(*) FILTER (WHERE scored AND NOT correct)))::int,
         (coalesce(sum(midrank) FILTER (WHERE scored AND correct), 0)
           - (count(*) FILTER (WHERE scored AND correct)) * ((count(*) FILTER (WHERE scored AND correct)) + 1) / 2.0)::float8
  FROM r
  GROUP BY "runId", "groupKey", "rrmModel"
$$;

-- Graded trajectories of the runs per split, scorer, bin and outcome.
CREATE FUNCTION "rw_score_bins"(run_ids int[]) RETURNS SETOF "RunScoreBin" LANGUAGE sql STABLE AS $$
  SELECT s."runId", s.benchmark, coalesce(s.level, ''), s."rrmModel", "rw_score_bin"(s.score), s.correct, count(*)::int,
         coalesce(sum(s.score::numeric), 0), coalesce(sum(s.score::numeric * s.score::numeric), 0)
  FROM (
    SELECT t."runId", t.benchmark, t.level, ''::text AS "rrmModel", t."rrmScore" AS score, t.correct
    FROM "Trajectory" t WHERE t."runId" = ANY(run_ids) AND t.correct IS NOT NULL
    UNION ALL
    SELECT t."runId", t.benchmark, t.level, j."rrmModel", j.score, t.correct
    FROM "Trajectory" t JOIN "Judgment" j ON j."trajectoryId" = t.id WHERE t."runId" = ANY(run_ids) AND t.correct IS NOT NULL
  ) s
  GROUP BY 1, 2, 3, 4, 5, 6
$$;

-- Maintenance ----------------------------------------------------------------------------------------------------

-- Recounts the keys' rows, and moves their tasks between the types of "RunTaskType" (old row out, new row in).
CREATE FUNCTION "rw_refresh_task_outcomes"(keys "rw_run_task"[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(keys) = 0 THEN RETURN; END IF;
  PERFORM "rw_lock_compare_runs"(ARRAY(SELECT "runId" FROM unnest(keys)));
  WITH gone AS (
    DELETE FROM "RunTaskOutcome" o USING (SELECT DISTINCT "runId", "taskId" FROM unnest(keys)) k
    WHERE o."runId" = k."runId" AND o."taskId" = k."taskId" RETURNING o.*)
  INSERT INTO "RunTaskType" AS t ("runId", benchmark, level, graded, correct, tasks, trajectories, judged, "scoreSum")
  SELECT "runId", benchmark, level, graded, correct, -count(*), -sum(trajectories), -sum(judged), -sum("scoreSum")
  FROM gone GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ("runId", benchmark, level, graded, correct) DO UPDATE
    SET tasks = t.tasks + excluded.tasks, trajectories = t.trajectories + excluded.trajectories,
        judged = t.judged + excluded.judged, "scoreSum" = t."scoreSum" + excluded."scoreSum";
  WITH fresh AS (INSERT INTO "RunTaskOutcome" SELECT * FROM "rw_task_outcomes"(keys) ORDER BY 1, 2 RETURNING *)
  INSERT INTO "RunTaskType" AS t ("runId", benchmark, level, graded, correct, tasks, trajectories, judged, "scoreSum")
  SELECT "runId", benchmark, level, graded, correct, count(*), sum(trajectories), sum(judged), sum("scoreSum")
  FROM fresh GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ("runId", benchmark, level, graded, correct) DO UPDATE
    SET tasks = t.tasks + excluded.tasks, trajectories = t.trajectories + excluded.trajectories,
        judged = t.judged + excluded.judged, "scoreSum" = t."scoreSum" + excluded."scoreSum";
  DELETE FROM "RunTaskType" WHERE tasks = 0 AND "runId" = ANY(ARRAY(SELECT "runId" FROM unnest(keys)));
END $$;

-- Recounts the groups' rows, and keeps their per-run sums in "RunRanking" (old rows out, new rows in).
CREATE FUNCTION "rw_refresh_group_rankings"(keys "rw_run_group"[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(keys) = 0 THEN RETURN; END IF;
  PERFORM "rw_lock_compare_runs"(ARRAY(SELECT "runId" FROM unnest(keys)));
  WITH gone AS (
    DELETE FROM "GroupRanking" g USING (SELECT DISTINCT "runId", "groupKey" FROM unnest(keys)) k
    WHERE g."runId" = k."runId" AND g."groupKey" = k."groupKey" RETURNING g.*)
  INSERT INTO "RunRanking" AS r ("runId", benchmark, level, "rrmModel", groups, informative, pairs, wins)
  SELECT "runId", benchmark, level, "rrmModel", -count(*), -count(*) FILTER (WHERE pairs > 0), -sum(pairs), -sum(wins)
  FROM gone GROUP BY 1, 2, 3, 4 ORDER BY 1, 4, 2, 3
  ON CONFLICT ("runId", "rrmModel", benchmark, level) DO UPDATE
    SET groups = r.groups + excluded.groups, informative = r.informative + excluded.informative,
        pairs = r.pairs + excluded.pairs, wins = r.wins + excluded.wins;
  WITH fresh AS (INSERT INTO "GroupRanking" SELECT * FROM "rw_group_rankings"(keys) ORDER BY 1, 3, 2 RETURNING *)
  INSERT INTO "RunRanking" AS r ("runId", benchmark, level, "rrmModel", groups, informative, pairs, wins)
  SELECT "runId", benchmark, level, "rrmModel", count(*), count(*) FILTER (WHERE pairs > 0), sum(pairs), sum(wins)
  FROM fresh GROUP BY 1, 2, 3, 4 ORDER BY 1, 4, 2, 3
  ON CONFLICT ("runId", "rrmModel", benchmark, level) DO UPDATE
    SET groups = r.groups + excluded.groups, informative = r.informative + excluded.informative,
        pairs = r.pairs + excluded.pairs, wins = r.wins + excluded.wins;
  DELETE FROM "RunRanking" WHERE groups = 0 AND "runId" = ANY(ARRAY(SELECT "runId" FROM unnest(keys)));
END $$;

-- Adds signed rows to the bins; a bin whose count reaches 0 is removed (its sums are then exactly 0 too).
CREATE FUNCTION "rw_add_score_deltas"(deltas "rw_score_delta"[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(deltas) = 0 THEN RETURN; END IF;
  INSERT INTO "RunScoreBin" AS b ("runId", benchmark, level, "rrmModel", bin, correct, count, "scoreSum", "scoreSq")
  SELECT d."runId", d.benchmark, coalesce(d.level, ''), d."rrmModel", "rw_score_bin"(d.score), d.correct, sum(d.sign)::int,
         coalesce(sum(d.sign * d.score::numeric), 0), coalesce(sum(d.sign * d.score::numeric * d.score::numeric), 0)
  FROM unnest(deltas) d
  GROUP BY 1, 2, 3, 4, 5, 6
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ("runId", benchmark, level, "rrmModel", bin, correct) DO UPDATE
    SET count = b.count + excluded.count, "scoreSum" = b."scoreSum" + excluded."scoreSum", "scoreSq" = b."scoreSq" + excluded."scoreSq";
  DELETE FROM "RunScoreBin" b
  USING (SELECT DISTINCT "runId", benchmark, coalesce(level, '') AS level, "rrmModel", "rw_score_bin"(score) AS bin, correct FROM unnest(deltas)) k
  WHERE b.count = 0 AND b."runId" = k."runId" AND b.benchmark = k.benchmark AND b.level = k.level
    AND b."rrmModel" = k."rrmModel" AND b.bin = k.bin AND b.correct = k.correct;
END $$;

-- Recounts the model-scored bins of whole runs (after trajectory deletes, whose judgments are gone by then).
CREATE FUNCTION "rw_recount_model_bins"(run_ids int[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(run_ids) = 0 THEN RETURN; END IF;
  DELETE FROM "RunScoreBin" WHERE "runId" = ANY(run_ids) AND "rrmModel" <> '';
  INSERT INTO "RunScoreBin" SELECT * FROM "rw_score_bins"(run_ids) b WHERE b."rrmModel" <> '' ORDER BY 1, 2, 3, 4, 5, 6;
END $$;

-- Triggers on "Trajectory" ---------------------------------------------------------------------------------------

-- What trajectory rows feed, taken out (`removed`, their old values) and put in (`added`): the latest-score bins, the
-- outcomes of their tasks and of the tasks of the attempts they refine (a retry decides its first attempt's finality),
-- and their groups. An update passes a row's old and new values; keys both share are recounted once.
CREATE FUNCTION "rw_apply_trajectories"(removed "Trajectory"[], added "Trajectory"[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(removed) + cardinality(added) = 0 THEN RETURN; END IF;
  PERFORM "rw_lock_compare_runs"(ARRAY(SELECT "runId" FROM unnest(removed) UNION SELECT "runId" FROM unnest(added)));
  PERFORM "rw_add_score_deltas"(ARRAY(
    SELECT ROW("runId", benchmark, level, '', "rrmScore", correct, -1)::"rw_score_delta" FROM unnest(removed) WHERE correct IS NOT NULL
    UNION ALL
    SELECT ROW("runId", benchmark, level, '', "rrmScore", correct, 1)::"rw_score_delta" FROM unnest(added) WHERE correct IS NOT NULL));
  PERFORM "rw_refresh_task_outcomes"(ARRAY(
    WITH r AS (SELECT "runId", "taskId", "parentId" FROM unnest(removed) UNION ALL SELECT "runId", "taskId", "parentId" FROM unnest(added))
    SELECT ROW("runId", "taskId")::"rw_run_task" FROM r
    UNION SELECT ROW(p."runId", p."taskId")::"rw_run_task" FROM r JOIN "Trajectory" p ON p.id = r."parentId"));
  PERFORM "rw_refresh_group_rankings"(ARRAY(
    SELECT ROW("runId", "groupKey")::"rw_run_group" FROM unnest(removed) WHERE "groupKey" IS NOT NULL
    UNION SELECT ROW("runId", "groupKey")::"rw_run_group" FROM unnest(added) WHERE "groupKey" IS NOT NULL));
END $$;

CREATE FUNCTION "rw_compare_trajectories_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "rw_apply_trajectories"('{}', ARRAY(SELECT i::"Trajectory" FROM inserted_rows i));
  RETURN NULL;
END $$;

CREATE FUNCTION "rw_compare_trajectories_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only rows where a column the aggregates read changed ("annotated", say, is written often, changes nothing and
  -- takes no lock).
  PERFORM "rw_apply_trajectories"(
    ARRAY(SELECT o::"Trajectory" FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE (o."runId", o."taskId", o.benchmark, o.level, o.correct, o."rrmScore", o."trainingStep", o."parentId", o."groupKey")
            IS DISTINCT FROM (n."runId", n."taskId", n.benchmark, n.level, n.correct, n."rrmScore", n."trainingStep", n."parentId", n."groupKey")),
    ARRAY(SELECT n::"Trajectory" FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE (o."runId", o."taskId", o.benchmark, o.level, o.correct, o."rrmScore", o."trainingStep", o."parentId", o."groupKey")
            IS DISTINCT FROM (n."runId", n."taskId", n.benchmark, n.level, n.correct, n."rrmScore", n."trainingStep", n."parentId", n."groupKey")));
  -- Model-scored bins: the trajectory's judgments move with its run, split or outcome.
  PERFORM "rw_add_score_deltas"(ARRAY(
    SELECT ROW(o."runId", o.benchmark, o.level, j."rrmModel", j.score, o.correct, -1)::"rw_score_delta"
    FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN "Judgment" j ON j."trajectoryId" = n.id
    WHERE o.correct IS NOT NULL AND (o."runId", o.benchmark, o.level, o.correct) IS DISTINCT FROM (n."runId", n.benchmark, n.level, n.correct)
    UNION ALL
    SELECT ROW(n."runId", n.benchmark, n.level, j."rrmModel", j.score, n.correct, 1)::"rw_score_delta"
    FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN "Judgment" j ON j."trajectoryId" = n.id
    WHERE n.correct IS NOT NULL AND (o."runId", o.benchmark, o.level, o.correct) IS DISTINCT FROM (n."runId", n.benchmark, n.level, n.correct)));
  RETURN NULL;
END $$;

CREATE FUNCTION "rw_compare_trajectories_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "rw_apply_trajectories"(ARRAY(SELECT d::"Trajectory" FROM deleted_rows d), '{}');
  -- Their judgments went with them (ON DELETE CASCADE) before this runs: recount the runs' model-scored bins.
  PERFORM "rw_recount_model_bins"(ARRAY(SELECT DISTINCT "runId" FROM deleted_rows WHERE correct IS NOT NULL));
  RETURN NULL;
END $$;

CREATE FUNCTION "rw_compare_trajectories_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "RunScoreBin";
  DELETE FROM "RunTaskOutcome";
  DELETE FROM "RunTaskType";
  DELETE FROM "GroupRanking";
  DELETE FROM "RunRanking";
  RETURN NULL;
END $$;

-- Triggers on "Judgment" -----------------------------------------------------------------------------------------
-- Judgments only feed the model-scored bins and group rankings; the latest score reaches the aggregates through
-- "Trajectory"."rrmScore", whose writer (store-judgments) updates the trajectory row.

-- What judgments feed, added (sign 1) or taken out (-1), through their trajectories. Judgments deleted with their
-- trajectory find it gone and feed nothing: the trajectory's own trigger recounts what they fed.
CREATE FUNCTION "rw_apply_judgments"(judgments "Judgment"[], sign int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(judgments) = 0 THEN RETURN; END IF;
  PERFORM "rw_lock_compare_runs"(ARRAY(SELECT t."runId" FROM unnest(judgments) j JOIN "Trajectory" t ON t.id = j."trajectoryId"));
  PERFORM "rw_add_score_deltas"(ARRAY(
    SELECT ROW(t."runId", t.benchmark, t.level, j."rrmModel", j.score, t.correct, sign)::"rw_score_delta"
    FROM unnest(judgments) j JOIN "Trajectory" t ON t.id = j."trajectoryId" WHERE t.correct IS NOT NULL));
  PERFORM "rw_refresh_group_rankings"(ARRAY(
    SELECT DISTINCT ROW(t."runId", t."groupKey")::"rw_run_group"
    FROM unnest(judgments) j JOIN "Trajectory" t ON t.id = j."trajectoryId" WHERE t."groupKey" IS NOT NULL));
END $$;

CREATE FUNCTION "rw_compare_judgments_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "rw_apply_judgments"(ARRAY(SELECT i::"Judgment" FROM inserted_rows i), 1);
  RETURN NULL;
END $$;

-- Only judgments whose trajectory, model or score changed: the old one out, the new one in.
CREATE FUNCTION "rw_compare_judgments_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Both sides' runs at once, in id order (a judgment moved to another run must not lock the two runs the other way
  -- round from a writer doing the opposite).
  PERFORM "rw_lock_compare_runs"(ARRAY(
    SELECT t."runId" FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN "Trajectory" t ON t.id IN (o."trajectoryId", n."trajectoryId")
    WHERE (o."trajectoryId", o."rrmModel", o.score) IS DISTINCT FROM (n."trajectoryId", n."rrmModel", n.score)));
  PERFORM "rw_apply_judgments"(ARRAY(
    SELECT o::"Judgment" FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o."trajectoryId", o."rrmModel", o.score) IS DISTINCT FROM (n."trajectoryId", n."rrmModel", n.score)), -1);
  PERFORM "rw_apply_judgments"(ARRAY(
    SELECT n::"Judgment" FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o."trajectoryId", o."rrmModel", o.score) IS DISTINCT FROM (n."trajectoryId", n."rrmModel", n.score)), 1);
  RETURN NULL;
END $$;

CREATE FUNCTION "rw_compare_judgments_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "rw_apply_judgments"(ARRAY(SELECT d::"Judgment" FROM deleted_rows d), -1);
  RETURN NULL;
END $$;

CREATE FUNCTION "rw_compare_judgments_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "RunScoreBin" WHERE "rrmModel" <> '';
  DELETE FROM "GroupRanking" WHERE "rrmModel" <> '';
  DELETE FROM "RunRanking" WHERE "rrmModel" <> '';
  RETURN NULL;
END $$;

CREATE TRIGGER "Trajectory_compare_insert" AFTER INSERT ON "Trajectory"
  REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION "rw_compare_trajectories_inserted"();
CREATE TRIGGER "Trajectory_compare_update" AFTER UPDATE ON "Trajectory"
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "rw_compare_trajectories_updated"();
CREATE TRIGGER "Trajectory_compare_delete" AFTER DELETE ON "Trajectory"
  REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION "rw_compare_trajectories_deleted"();
CREATE TRIGGER "Trajectory_compare_truncate" AFTER TRUNCATE ON "Trajectory"
  FOR EACH STATEMENT EXECUTE FUNCTION "rw_compare_trajectories_truncated"();
CREATE TRIGGER "Judgment_compare_insert" AFTER INSERT ON "Judgment"
  REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION "rw_compare_judgments_inserted"();
CREATE TRIGGER "Judgment_compare_update" AFTER UPDATE ON "Judgment"
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "rw_compare_judgments_updated"();
CREATE TRIGGER "Judgment_compare_delete" AFTER DELETE ON "Judgment"
  REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION "rw_compare_judgments_deleted"();
CREATE TRIGGER "Judgment_compare_truncate" AFTER TRUNCATE ON "Judgment"
  FOR EACH STATEMENT EXECUTE FUNCTION "rw_compare_judgments_truncated"();

-- Trajectories stored before this migration.
INSERT INTO "RunTaskOutcome" SELECT * FROM "rw_task_outcomes"(ARRAY(SELECT DISTINCT ROW("runId", "taskId")::"rw_run_task" FROM "Trajectory"));
INSERT INTO "RunTaskType" ("runId", benchmark, level, graded, correct, tasks, trajectories, judged, "scoreSum")
SELECT "runId", benchmark, level, graded, correct, count(*), sum(trajectories), sum(judged), sum("scoreSum") FROM "RunTaskOutcome" GROUP BY 1, 2, 3, 4, 5;
INSERT INTO "GroupRanking" SELECT * FROM "rw_group_rankings"(ARRAY(
  SELECT DISTINCT ROW("runId", "groupKey")::"rw_run_group" FROM "Trajectory" WHERE "groupKey" IS NOT NULL));
INSERT INTO "RunRanking" ("runId", benchmark, level, "rrmModel", groups, informative, pairs, wins)
SELECT "runId", benchmark, level, "rrmModel", count(*), count(*) FILTER (WHERE pairs > 0), sum(pairs), sum(wins) FROM "GroupRanking" GROUP BY 1, 2, 3, 4;
INSERT INTO "RunScoreBin" SELECT * FROM "rw_score_bins"(ARRAY(SELECT id FROM "Run"));
-- Planner statistics for the filled tables now, not when autovacuum gets to them (the first Compare page would
-- otherwise be planned for empty tables).
ANALYZE "RunTaskOutcome", "RunTaskType", "RunScoreBin", "GroupRanking", "RunRanking";
