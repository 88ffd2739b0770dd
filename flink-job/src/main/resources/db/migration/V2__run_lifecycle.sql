-- Streaming runs can be stopped with a savepoint and resumed later: a run is then STOPPED, not FAILED.
ALTER TABLE cbam_runs DROP CONSTRAINT cbam_runs_status_check;
ALTER TABLE cbam_runs ADD CONSTRAINT cbam_runs_status_check
    CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED', 'STOPPED'));
ALTER TABLE cbam_runs ADD COLUMN flink_job_id text;
ALTER TABLE cbam_runs ADD COLUMN resumed_from text;
ALTER TABLE cbam_runs ADD COLUMN watch_folder text;
