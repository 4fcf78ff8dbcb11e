-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "RunVariant" AS ENUM ('base', 'reagent_c', 'reagent_r', 'reagent_u', 'grpo', 'custom');

-- CreateEnum
CREATE TYPE "RunSource" AS ENUM ('import', 'job', 'reported', 'demo');

-- CreateEnum
CREATE TYPE "AttemptStage" AS ENUM ('initial', 'refined');

-- CreateEnum
CREATE TYPE "ParseStatus" AS ENUM ('ok', 'partial', 'failed');

-- CreateEnum
CREATE TYPE "JudgmentSource" AS ENUM ('import', 'endpoint', 'demo');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('running', 'completed', 'failed');

-- CreateEnum
CREATE TYPE "ClaimState" AS ENUM ('locked', 'done', 'skipped');

-- CreateEnum
CREATE TYPE "JobBackend" AS ENUM ('local', 'slurm');

-- CreateEnum
CREATE TYPE "JobKind" AS ENUM ('eval', 'train', 'judge');

-- CreateEnum
CREATE TYPE "JobState" AS ENUM ('submitted', 'pending', 'running', 'completed', 'failed', 'cancelled', 'timeout', 'lost');

-- CreateTable
CREATE TABLE "user" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailVerified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "role" TEXT,
    "banned" BOOLEAN DEFAULT false,
    "banReason" TEXT,
    "banExpires" TIMESTAMP(3),

    CONSTRAINT "user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "id" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "token" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "impersonatedBy" TEXT,
    "userId" TEXT NOT NULL,

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "accessToken" TEXT,
    "refreshToken" TEXT,
    "idToken" TEXT,
    "accessTokenExpiresAt" TIMESTAMP(3),
    "refreshTokenExpiresAt" TIMESTAMP(3),
    "scope" TEXT,
    "password" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verification" (
    "id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "verification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "apikey" (
    "id" TEXT NOT NULL,
    "configId" TEXT NOT NULL DEFAULT 'default',
    "name" TEXT,
    "start" TEXT,
    "referenceId" TEXT NOT NULL,
    "prefix" TEXT,
    "key" TEXT NOT NULL,
    "refillInterval" INTEGER,
    "refillAmount" INTEGER,
    "lastRefillAt" TIMESTAMP(3),
    "enabled" BOOLEAN DEFAULT true,
    "rateLimitEnabled" BOOLEAN DEFAULT true,
    "rateLimitTimeWindow" INTEGER DEFAULT 86400000,
    "rateLimitMax" INTEGER DEFAULT 10,
    "requestCount" INTEGER DEFAULT 0,
    "remaining" INTEGER,
    "lastRequest" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "permissions" TEXT,
    "metadata" TEXT,

    CONSTRAINT "apikey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rateLimit" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "lastRequest" BIGINT NOT NULL,

    CONSTRAINT "rateLimit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" SERIAL NOT NULL,
    "benchmark" TEXT NOT NULL,
    "level" TEXT,
    "externalId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "groundTruth" TEXT,
    "metadata" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Run" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "variant" "RunVariant" NOT NULL DEFAULT 'custom',
    "agentModel" TEXT,
    "rrmModel" TEXT,
    "lambda" DOUBLE PRECISION,
    "trainingStep" INTEGER,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "config" JSONB,
    "source" "RunSource" NOT NULL DEFAULT 'import',
    "jobId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Trajectory" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "taskId" INTEGER NOT NULL,
    "rolloutIndex" INTEGER NOT NULL DEFAULT 0,
    "groupKey" TEXT,
    "stage" "AttemptStage" NOT NULL DEFAULT 'initial',
    "parentId" INTEGER,
    "trainingStep" INTEGER,
    "finalAnswer" TEXT,
    "correct" BOOLEAN,
    "ruleReward" DOUBLE PRECISION,
    "termination" TEXT,
    "stepCount" INTEGER NOT NULL DEFAULT 0,
    "toolCallCount" INTEGER NOT NULL DEFAULT 0,
    "tokenCount" INTEGER,
    "durationMs" INTEGER,
    "externalId" TEXT,
    "contentHash" TEXT NOT NULL,
    "benchmark" TEXT NOT NULL,
    "level" TEXT,
    "toolsUsed" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "rrmScore" DOUBLE PRECISION,
    "judgmentCount" INTEGER NOT NULL DEFAULT 0,
    "annotated" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Trajectory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrajectoryBody" (
    "trajectoryId" INTEGER NOT NULL,
    "steps" JSONB NOT NULL,
    "metadata" JSONB,
    "sourceFormat" TEXT,
    "rawSource" TEXT,

    CONSTRAINT "TrajectoryBody_pkey" PRIMARY KEY ("trajectoryId")
);

-- CreateTable
CREATE TABLE "Judgment" (
    "id" SERIAL NOT NULL,
    "trajectoryId" INTEGER NOT NULL,
    "rrmModel" TEXT NOT NULL,
    "reasoning" TEXT,
    "critique" TEXT,
    "score" DOUBLE PRECISION,
    "rawOutput" TEXT,
    "parseStatus" "ParseStatus" NOT NULL DEFAULT 'ok',
    "parseNotes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "source" "JudgmentSource" NOT NULL DEFAULT 'import',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Judgment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportedResult" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "benchmark" TEXT NOT NULL,
    "accuracyPct" DOUBLE PRECISION NOT NULL,
    "sourceTable" TEXT,

    CONSTRAINT "ReportedResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Metric" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Metric_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Import" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER,
    "fileName" TEXT,
    "format" TEXT,
    "status" "ImportStatus" NOT NULL DEFAULT 'running',
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Import_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Rubric" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "questions" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Rubric_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Annotation" (
    "id" SERIAL NOT NULL,
    "trajectoryId" INTEGER NOT NULL,
    "judgmentId" INTEGER,
    "annotatorId" TEXT NOT NULL,
    "rubricId" INTEGER NOT NULL,
    "answers" JSONB NOT NULL,
    "errorTags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Annotation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnnotationRevision" (
    "id" SERIAL NOT NULL,
    "annotationId" INTEGER NOT NULL,
    "answers" JSONB NOT NULL,
    "errorTags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "note" TEXT,
    "editedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnnotationRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnnotationQueue" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "filter" JSONB,
    "rubricId" INTEGER NOT NULL,
    "annotatorsPerItem" INTEGER NOT NULL DEFAULT 1,
    "blind" BOOLEAN NOT NULL DEFAULT true,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "AnnotationQueue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QueueMember" (
    "queueId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,

    CONSTRAINT "QueueMember_pkey" PRIMARY KEY ("queueId","userId")
);

-- CreateTable
CREATE TABLE "QueueItem" (
    "id" SERIAL NOT NULL,
    "queueId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "trajectoryId" INTEGER NOT NULL,
    "judgmentId" INTEGER,

    CONSTRAINT "QueueItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QueueItemClaim" (
    "itemId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "state" "ClaimState" NOT NULL DEFAULT 'locked',
    "expiresAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QueueItemClaim_pkey" PRIMARY KEY ("itemId","userId")
);

-- CreateTable
CREATE TABLE "SavedView" (
    "id" SERIAL NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "query" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SavedView_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobTemplate" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "JobKind" NOT NULL,
    "version" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "backend" "JobBackend" NOT NULL,
    "kind" "JobKind" NOT NULL,
    "variant" "RunVariant",
    "templateId" INTEGER,
    "parameters" JSONB NOT NULL,
    "script" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "schedulerJobId" TEXT,
    "state" "JobState" NOT NULL DEFAULT 'submitted',
    "stateReason" TEXT,
    "exitCode" INTEGER,
    "progress" DOUBLE PRECISION,
    "progressNote" TEXT,
    "logPath" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "user_email_key" ON "user"("email");

-- CreateIndex
CREATE UNIQUE INDEX "session_token_key" ON "session"("token");

-- CreateIndex
CREATE INDEX "session_userId_idx" ON "session"("userId");

-- CreateIndex
CREATE INDEX "account_userId_idx" ON "account"("userId");

-- CreateIndex
CREATE INDEX "verification_identifier_idx" ON "verification"("identifier");

-- CreateIndex
CREATE INDEX "apikey_configId_idx" ON "apikey"("configId");

-- CreateIndex
CREATE INDEX "apikey_referenceId_idx" ON "apikey"("referenceId");

-- CreateIndex
CREATE INDEX "apikey_key_idx" ON "apikey"("key");

-- CreateIndex
CREATE UNIQUE INDEX "rateLimit_key_key" ON "rateLimit"("key");

-- CreateIndex
CREATE UNIQUE INDEX "Task_benchmark_externalId_key" ON "Task"("benchmark", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Run_name_key" ON "Run"("name");

-- CreateIndex
CREATE INDEX "Run_variant_idx" ON "Run"("variant");

-- CreateIndex
CREATE INDEX "Run_source_idx" ON "Run"("source");

-- CreateIndex
CREATE INDEX "Trajectory_runId_benchmark_correct_rrmScore_idx" ON "Trajectory"("runId", "benchmark", "correct", "rrmScore");

-- CreateIndex
CREATE INDEX "Trajectory_benchmark_level_correct_rrmScore_idx" ON "Trajectory"("benchmark", "level", "correct", "rrmScore");

-- CreateIndex
CREATE INDEX "Trajectory_rrmScore_id_idx" ON "Trajectory"("rrmScore", "id");

-- CreateIndex
CREATE INDEX "Trajectory_stepCount_id_idx" ON "Trajectory"("stepCount", "id");

-- CreateIndex
CREATE INDEX "Trajectory_tokenCount_id_idx" ON "Trajectory"("tokenCount", "id");

-- CreateIndex
CREATE INDEX "Trajectory_createdAt_id_idx" ON "Trajectory"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Trajectory_runId_groupKey_idx" ON "Trajectory"("runId", "groupKey");

-- CreateIndex
CREATE INDEX "Trajectory_taskId_runId_idx" ON "Trajectory"("taskId", "runId");

-- CreateIndex
CREATE INDEX "Trajectory_parentId_idx" ON "Trajectory"("parentId");

-- CreateIndex
CREATE UNIQUE INDEX "Trajectory_runId_contentHash_key" ON "Trajectory"("runId", "contentHash");

-- CreateIndex
CREATE UNIQUE INDEX "Trajectory_runId_externalId_key" ON "Trajectory"("runId", "externalId");

-- CreateIndex
CREATE INDEX "Judgment_rrmModel_score_idx" ON "Judgment"("rrmModel", "score");

-- CreateIndex
CREATE UNIQUE INDEX "Judgment_trajectoryId_rrmModel_key" ON "Judgment"("trajectoryId", "rrmModel");

-- CreateIndex
CREATE UNIQUE INDEX "ReportedResult_runId_benchmark_key" ON "ReportedResult"("runId", "benchmark");

-- CreateIndex
CREATE UNIQUE INDEX "Metric_runId_name_step_key" ON "Metric"("runId", "name", "step");

-- CreateIndex
CREATE UNIQUE INDEX "Rubric_name_version_key" ON "Rubric"("name", "version");

-- CreateIndex
CREATE INDEX "Annotation_annotatorId_idx" ON "Annotation"("annotatorId");

-- CreateIndex
CREATE INDEX "Annotation_judgmentId_idx" ON "Annotation"("judgmentId");

-- CreateIndex
CREATE UNIQUE INDEX "Annotation_trajectoryId_judgmentId_annotatorId_rubricId_key" ON "Annotation"("trajectoryId", "judgmentId", "annotatorId", "rubricId");

-- CreateIndex
CREATE INDEX "AnnotationRevision_annotationId_idx" ON "AnnotationRevision"("annotationId");

-- CreateIndex
CREATE INDEX "QueueItem_queueId_trajectoryId_idx" ON "QueueItem"("queueId", "trajectoryId");

-- CreateIndex
CREATE UNIQUE INDEX "QueueItem_queueId_position_key" ON "QueueItem"("queueId", "position");

-- CreateIndex
CREATE INDEX "QueueItemClaim_userId_state_idx" ON "QueueItemClaim"("userId", "state");

-- CreateIndex
CREATE INDEX "SavedView_userId_idx" ON "SavedView"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "JobTemplate_name_version_key" ON "JobTemplate"("name", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Job_idempotencyKey_key" ON "Job"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Job_state_idx" ON "Job"("state");

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Trajectory" ADD CONSTRAINT "Trajectory_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Trajectory" ADD CONSTRAINT "Trajectory_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Trajectory" ADD CONSTRAINT "Trajectory_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Trajectory"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrajectoryBody" ADD CONSTRAINT "TrajectoryBody_trajectoryId_fkey" FOREIGN KEY ("trajectoryId") REFERENCES "Trajectory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Judgment" ADD CONSTRAINT "Judgment_trajectoryId_fkey" FOREIGN KEY ("trajectoryId") REFERENCES "Trajectory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportedResult" ADD CONSTRAINT "ReportedResult_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Metric" ADD CONSTRAINT "Metric_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Import" ADD CONSTRAINT "Import_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Annotation" ADD CONSTRAINT "Annotation_trajectoryId_fkey" FOREIGN KEY ("trajectoryId") REFERENCES "Trajectory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Annotation" ADD CONSTRAINT "Annotation_judgmentId_fkey" FOREIGN KEY ("judgmentId") REFERENCES "Judgment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Annotation" ADD CONSTRAINT "Annotation_annotatorId_fkey" FOREIGN KEY ("annotatorId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Annotation" ADD CONSTRAINT "Annotation_rubricId_fkey" FOREIGN KEY ("rubricId") REFERENCES "Rubric"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnotationRevision" ADD CONSTRAINT "AnnotationRevision_annotationId_fkey" FOREIGN KEY ("annotationId") REFERENCES "Annotation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnotationQueue" ADD CONSTRAINT "AnnotationQueue_rubricId_fkey" FOREIGN KEY ("rubricId") REFERENCES "Rubric"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueMember" ADD CONSTRAINT "QueueMember_queueId_fkey" FOREIGN KEY ("queueId") REFERENCES "AnnotationQueue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueMember" ADD CONSTRAINT "QueueMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueItem" ADD CONSTRAINT "QueueItem_queueId_fkey" FOREIGN KEY ("queueId") REFERENCES "AnnotationQueue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueItem" ADD CONSTRAINT "QueueItem_trajectoryId_fkey" FOREIGN KEY ("trajectoryId") REFERENCES "Trajectory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueItem" ADD CONSTRAINT "QueueItem_judgmentId_fkey" FOREIGN KEY ("judgmentId") REFERENCES "Judgment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueItemClaim" ADD CONSTRAINT "QueueItemClaim_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "QueueItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueItemClaim" ADD CONSTRAINT "QueueItemClaim_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SavedView" ADD CONSTRAINT "SavedView_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "JobTemplate"("id") ON DELETE SET NULL ON UPDATE CASCADE;
