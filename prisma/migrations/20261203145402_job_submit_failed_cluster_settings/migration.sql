-- AlterEnum
ALTER TYPE "JobState" ADD VALUE 'submit_failed';

-- CreateTable
CREATE TABLE "ClusterSetting" (
    "backend" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "userName" TEXT NOT NULL,
    "tokenCipher" TEXT,
    "partition" TEXT,
    "account" TEXT,
    "jobDir" TEXT,
    "apiVersion" TEXT,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ClusterSetting_pkey" PRIMARY KEY ("backend")
);
