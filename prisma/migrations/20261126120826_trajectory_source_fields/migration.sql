-- AlterTable
ALTER TABLE "Trajectory" ADD COLUMN     "completionTokens" INTEGER,
ADD COLUMN     "parentExternalId" TEXT,
ADD COLUMN     "promptTokens" INTEGER;

-- AlterTable
ALTER TABLE "TrajectoryBody" ADD COLUMN     "error" TEXT;
