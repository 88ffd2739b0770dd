-- A report line's sums by quarter of import, summed by the job with the line itself: the declaration prices
-- certificates by quarter, and summing them afterwards over a year-end run's ten million shipment rows took
-- longer than the job's own aggregation. NULL for lines written before this column (the report is then
-- rendered from the shipment rows, as before).
ALTER TABLE cbam_report_lines ADD COLUMN by_quarter jsonb;
