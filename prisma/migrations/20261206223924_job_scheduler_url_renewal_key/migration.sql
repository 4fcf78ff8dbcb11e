-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "renewalKeyHash" TEXT,
ADD COLUMN     "schedulerUrl" TEXT;
