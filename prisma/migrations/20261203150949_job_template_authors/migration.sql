-- AlterTable
ALTER TABLE "JobTemplate" ADD COLUMN     "createdById" TEXT,
ADD COLUMN     "note" TEXT;
