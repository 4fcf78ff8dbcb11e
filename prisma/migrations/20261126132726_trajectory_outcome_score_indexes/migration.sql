-- CreateIndex
CREATE INDEX "Trajectory_benchmark_correct_rrmScore_id_idx" ON "Trajectory"("benchmark", "correct", "rrmScore", "id");

-- CreateIndex
CREATE INDEX "Trajectory_correct_rrmScore_id_idx" ON "Trajectory"("correct", "rrmScore", "id");
