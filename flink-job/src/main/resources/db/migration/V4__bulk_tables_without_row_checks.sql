-- The per-shipment rows and the rejects are written by the million with COPY. A foreign key checks every row
-- against cbam_runs on its own (a trigger per row): measured on 1,000,000 shipment rows, that cost more than
-- the primary key and about as much as the rest of the COPY together. The job records its run before it
-- writes a row, so the check finds nothing; what the keys gave besides, removing a run's rows with it, a
-- trigger per statement keeps.
ALTER TABLE cbam_shipment_emissions DROP CONSTRAINT cbam_shipment_emissions_run_id_fkey;
ALTER TABLE cbam_rejects DROP CONSTRAINT cbam_rejects_run_id_fkey;

CREATE FUNCTION cbam_delete_run_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM cbam_shipment_emissions s USING deleted_runs d WHERE s.run_id = d.run_id;
    DELETE FROM cbam_rejects r USING deleted_runs d WHERE r.run_id = d.run_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER cbam_runs_delete_rows AFTER DELETE ON cbam_runs
    REFERENCING OLD TABLE AS deleted_runs
    FOR EACH STATEMENT EXECUTE FUNCTION cbam_delete_run_rows();
