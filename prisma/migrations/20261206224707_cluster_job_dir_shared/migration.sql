-- AlterTable
ALTER TABLE "ClusterSetting" ADD COLUMN     "jobDirShared" BOOLEAN NOT NULL DEFAULT true;
