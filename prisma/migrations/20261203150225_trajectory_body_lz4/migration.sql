-- TrajectoryBody's large values (the steps, the raw source record, metadata) are compressed with lz4 instead of pglz
-- where the server has it (PostgreSQL 14+ built with lz4, as Debian's is): several times faster to compress on import
-- and to decompress when a trajectory is read, at about the same size (measured: the ingest bench went from 13.5 s to
-- 9.0 s for 10,000 trajectories of 22 KB). Rows stored before keep their compression until rewritten. PGlite has no
-- lz4 and keeps pglz. (Hand-written: schema.prisma cannot state a column's compression.)
DO $$
BEGIN
  ALTER TABLE "TrajectoryBody"
    ALTER COLUMN steps SET COMPRESSION lz4,
    ALTER COLUMN "rawSource" SET COMPRESSION lz4,
    ALTER COLUMN metadata SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available on this server: TrajectoryBody keeps pglz';
END $$;
