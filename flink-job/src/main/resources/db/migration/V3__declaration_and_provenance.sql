-- Regulatory outputs: the run's provenance (as report.json states it) and the annual declaration's lines.

-- {"tool": {"name", "version", "git_commit"}, "input_files": [{"path", "role", "sha256", "bytes"}],
--  "reference_data": [{"file", "source", "version", "sha256"}], "parameters": {"period", "cscf", ...}}
ALTER TABLE cbam_runs ADD COLUMN provenance jsonb;
-- The reference folder the run read; the report files are rendered again from it (its files must still have
-- the hashes the provenance states).
ALTER TABLE cbam_runs ADD COLUMN reference_dir text;

-- declaration.csv in a table: quarter 0 is the line's whole year, 1 to 4 its part imported in that quarter.
CREATE TABLE cbam_declaration_lines (
    run_id                       text     NOT NULL REFERENCES cbam_runs (run_id) ON DELETE CASCADE,
    cn_code                      char(8)  NOT NULL,
    origin_country               char(2)  NOT NULL,
    installation_id              text     NOT NULL,  -- '' when none
    method                       text     NOT NULL CHECK (method IN ('ACTUAL', 'DEFAULT')),
    variant                      text     NOT NULL,  -- '' when the good has no variants
    see_direct                   numeric  NOT NULL,
    see_indirect                 numeric  NOT NULL,
    quarter                      smallint NOT NULL CHECK (quarter BETWEEN 0 AND 4),
    sector                       text     NOT NULL,
    quantity                     numeric(24, 6) NOT NULL,  -- tonnes, or MWh for electricity
    unit                         text     NOT NULL CHECK (unit IN ('t', 'MWh')),
    see_counted                  numeric  NOT NULL,
    embedded_emissions_t         numeric(24, 6) NOT NULL,
    benchmark_column             text,      -- line rows: 'A', 'B' or '' (no benchmark)
    benchmark_route              text,
    benchmark                    numeric,
    sefa_t_per_unit              numeric,   -- CBAM factor x CSCF x benchmark
    free_allocation_adjustment_t numeric,
    deduction_t_per_unit         numeric,
    deduction_t                  numeric,
    deduction_evidence           text,
    subject_to_surrender         boolean  NOT NULL,  -- false when de minimis exempts the line
    certificates                 numeric(24, 6) NOT NULL,
    price_eur                    numeric,   -- quarter rows: the price, NULL when unpriced
    price_source                 text,
    cost_eur                     numeric(24, 2),
    unpriced_certificates        numeric(24, 6),
    notes                        text[]   NOT NULL,
    PRIMARY KEY (run_id, cn_code, origin_country, installation_id, method, variant, see_direct, see_indirect, quarter)
);
