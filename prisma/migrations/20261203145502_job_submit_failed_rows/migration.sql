-- Jobs whose submit failed before the state "submit_failed" existed were stored as "failed" with the reason
-- "Submit failed: …" and no scheduler job id. (Its own migration: a new enum value is usable once committed.)
UPDATE "Job" SET state = 'submit_failed' WHERE state = 'failed' AND "schedulerJobId" IS NULL AND "stateReason" LIKE 'Submit failed:%';
