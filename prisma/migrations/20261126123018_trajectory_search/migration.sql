-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateTable
CREATE TABLE "TrajectorySearch" (
    "trajectoryId" INTEGER NOT NULL,
    "document" tsvector NOT NULL,
    "indexedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrajectorySearch_pkey" PRIMARY KEY ("trajectoryId")
);

-- CreateTable
CREATE TABLE "SearchBacklog" (
    "trajectoryId" INTEGER NOT NULL,
    "queuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SearchBacklog_pkey" PRIMARY KEY ("trajectoryId")
);

-- CreateIndex
CREATE INDEX "TrajectorySearch_document_idx" ON "TrajectorySearch" USING GIN ("document");

-- CreateIndex
CREATE INDEX "Task_question_idx" ON "Task" USING GIN ("question" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Trajectory_finalAnswer_idx" ON "Trajectory" USING GIN ("finalAnswer" gin_trgm_ops);

-- AddForeignKey
ALTER TABLE "TrajectorySearch" ADD CONSTRAINT "TrajectorySearch_trajectoryId_fkey" FOREIGN KEY ("trajectoryId") REFERENCES "Trajectory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------------------------
-- Full-text search (hand-written; schema.prisma cannot describe functions and triggers). See docs/search.md.
--
-- "TrajectorySearch".document is built asynchronously, off the ingest path: computing a tsvector costs ~3 ms per
-- 20 KB trajectory, more than the whole batched insert, so the writers only queue work. Statement-level triggers
-- (one INSERT … SELECT per written batch, COPY included) put the trajectory ids into "SearchBacklog" when a body is
-- inserted or its steps change and when a critique is inserted, changed or deleted; lib/server/index-search.ts drains
-- the queue with rw_search_document(). Writers (ingest, seed, judgments) maintain nothing themselves.

-- The search document: question and final answer (weight A), critiques (B), then every step's text, tool name,
-- tool arguments and extracted answer (D). Bounded so that a 10 MB trajectory still gets a document (tsvector holds
-- at most 1 MB of lexemes): each step contributes its first 16 KB, all steps together their first 384 KB.
CREATE FUNCTION "rw_search_document"(question text, final_answer text, steps jsonb, critiques text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english'::regconfig, left(coalesce(question, ''), 16384)), 'A')
      || setweight(to_tsvector('english'::regconfig, left(coalesce(final_answer, ''), 16384)), 'A')
      || setweight(to_tsvector('english'::regconfig, left(coalesce(critiques, ''), 65536)), 'B')
      || to_tsvector('english'::regconfig, left(coalesce((
           SELECT string_agg(left(concat_ws(' ', e.s ->> 'text', e.s -> 'tool' ->> 'name', e.s -> 'tool' -> 'arguments', e.s ->> 'answer'), 16384), E'\n' ORDER BY e.ord)
           FROM jsonb_array_elements(CASE WHEN jsonb_typeof(steps) = 'array' THEN steps ELSE '[]'::jsonb END) WITH ORDINALITY AS e(s, ord)
         ), ''), 393216))
$$;

-- Queues trajectory ids; ON CONFLICT DO UPDATE (not DO NOTHING) so that a queued row is locked by the writer until it
-- commits, and the indexer (FOR UPDATE SKIP LOCKED) never builds a document from a snapshot without that write.
CREATE FUNCTION "rw_queue_search"(ids integer[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "SearchBacklog" ("trajectoryId")
  SELECT DISTINCT id FROM unnest(ids) AS u(id) WHERE id IS NOT NULL ORDER BY id
  ON CONFLICT ("trajectoryId") DO UPDATE SET "queuedAt" = excluded."queuedAt"
$$;

CREATE FUNCTION "rw_queue_search_inserted_bodies"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "rw_queue_search"(ARRAY(SELECT "trajectoryId" FROM inserted_rows));
  RETURN NULL;
END $$;

CREATE FUNCTION "rw_queue_search_updated_bodies"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "rw_queue_search"(ARRAY(
    SELECT n."trajectoryId" FROM new_rows n JOIN old_rows o ON o."trajectoryId" = n."trajectoryId"
    WHERE n.steps IS DISTINCT FROM o.steps OR n."trajectoryId" IS DISTINCT FROM o."trajectoryId"));
  RETURN NULL;
END $$;

CREATE FUNCTION "rw_queue_search_inserted_judgments"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "rw_queue_search"(ARRAY(SELECT "trajectoryId" FROM inserted_rows WHERE critique IS NOT NULL));
  RETURN NULL;
END $$;

CREATE FUNCTION "rw_queue_search_updated_judgments"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "rw_queue_search"(ARRAY(
    SELECT n."trajectoryId" FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.critique IS DISTINCT FROM o.critique OR n."trajectoryId" IS DISTINCT FROM o."trajectoryId"
    UNION ALL
    SELECT o."trajectoryId" FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n."trajectoryId" IS DISTINCT FROM o."trajectoryId"));
  RETURN NULL;
END $$;

CREATE FUNCTION "rw_queue_search_deleted_judgments"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A judgment deleted with its trajectory queues an id the indexer then finds gone and drops.
  PERFORM "rw_queue_search"(ARRAY(SELECT "trajectoryId" FROM deleted_rows WHERE critique IS NOT NULL));
  RETURN NULL;
END $$;

CREATE TRIGGER "TrajectoryBody_search_insert" AFTER INSERT ON "TrajectoryBody"
  REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION "rw_queue_search_inserted_bodies"();
CREATE TRIGGER "TrajectoryBody_search_update" AFTER UPDATE ON "TrajectoryBody"
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "rw_queue_search_updated_bodies"();
CREATE TRIGGER "Judgment_search_insert" AFTER INSERT ON "Judgment"
  REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION "rw_queue_search_inserted_judgments"();
CREATE TRIGGER "Judgment_search_update" AFTER UPDATE ON "Judgment"
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "rw_queue_search_updated_judgments"();
CREATE TRIGGER "Judgment_search_delete" AFTER DELETE ON "Judgment"
  REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION "rw_queue_search_deleted_judgments"();

-- Trajectories stored before this migration: queue them all.
INSERT INTO "SearchBacklog" ("trajectoryId") SELECT "trajectoryId" FROM "TrajectoryBody";
