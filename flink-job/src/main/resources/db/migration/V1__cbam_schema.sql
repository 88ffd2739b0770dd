-- CBAM report job: runs, report lines, per-shipment emissions and rejected rows.
-- Quantities are exact: tonnes and MWh with six decimals (grams, watt-hours), factors unrounded.

CREATE TABLE cbam_runs (
    run_id              text        PRIMARY KEY,
    period              text        NOT NULL,
    importer_eori       text        NOT NULL,
    importer_name       text,
    importer_country    text,
    declarant_name      text,
    declarant_position  text,
    input_files         jsonb       NOT NULL,  -- [{"path", "sha256", "bytes"}]
    reference_data      jsonb       NOT NULL,  -- [{"file", "source", "sha256"}]
    tool_version        text        NOT NULL,
    mode                text        NOT NULL CHECK (mode IN ('BATCH', 'STREAMING')),
    parallelism         integer     NOT NULL CHECK (parallelism > 0),
    status              text        NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED')),
    rows_read           bigint,
    rows_accepted       bigint,
    rows_rejected       bigint,
    embedded_emissions_t numeric(24, 6),
    message             text,
    started_at          timestamptz NOT NULL,
    finished_at         timestamptz
);

CREATE TABLE cbam_report_lines (
    run_id               text         NOT NULL REFERENCES cbam_runs (run_id) ON DELETE CASCADE,
    cn_code              char(8)      NOT NULL,
    origin_country       char(2)      NOT NULL,
    installation_id      text         NOT NULL,  -- '' when none
    method               text         NOT NULL CHECK (method IN ('ACTUAL', 'DEFAULT')),
    variant              text         NOT NULL,  -- '' when the good has no variants
    see_direct           numeric      NOT NULL,
    see_indirect         numeric      NOT NULL,
    sector               text         NOT NULL,
    see_counted          numeric      NOT NULL,
    mark_up              numeric      NOT NULL,
    factor_source        text         NOT NULL,
    shipments            bigint       NOT NULL,
    net_mass_t           numeric(24, 6) NOT NULL,
    quantity_mwh         numeric(24, 6) NOT NULL,
    direct_emissions_t   numeric(24, 6) NOT NULL,
    indirect_emissions_t numeric(24, 6) NOT NULL,
    embedded_emissions_t numeric(24, 6) NOT NULL,
    notes                jsonb        NOT NULL,  -- {"NOTE_CODE": shipments}
    PRIMARY KEY (run_id, cn_code, origin_country, installation_id, method, variant, see_direct, see_indirect)
);

CREATE TABLE cbam_shipment_emissions (
    run_id               text         NOT NULL REFERENCES cbam_runs (run_id) ON DELETE CASCADE,
    shipment_id          text         NOT NULL,
    import_date          date         NOT NULL,
    cn_code              char(8)      NOT NULL,
    sector               text         NOT NULL,
    origin_country       char(2)      NOT NULL,
    installation_id      text,
    product_variant      text,
    customs_procedure    text,
    method               text         NOT NULL CHECK (method IN ('ACTUAL', 'DEFAULT')),
    variant              text,
    net_mass_t           numeric(24, 6) NOT NULL,
    quantity_mwh         numeric(24, 6) NOT NULL,
    see_direct           numeric      NOT NULL,
    see_indirect         numeric      NOT NULL,
    see_counted          numeric      NOT NULL,
    mark_up              numeric      NOT NULL,
    direct_emissions_t   numeric(24, 6) NOT NULL,
    indirect_emissions_t numeric(24, 6) NOT NULL,
    embedded_emissions_t numeric(24, 6) NOT NULL,
    factor_source        text         NOT NULL,
    notes                text[]       NOT NULL,
    source_file          text         NOT NULL,
    source_line          bigint       NOT NULL,
    PRIMARY KEY (run_id, shipment_id)
);

CREATE TABLE cbam_rejects (
    run_id        text    NOT NULL REFERENCES cbam_runs (run_id) ON DELETE CASCADE,
    source_file   text    NOT NULL,
    line_number   bigint  NOT NULL,
    shipment_id   text,
    reason_codes  text[]  NOT NULL,
    message       text    NOT NULL,
    raw_line      text    NOT NULL,
    PRIMARY KEY (run_id, source_file, line_number)
);

CREATE INDEX cbam_rejects_reason ON cbam_rejects USING gin (reason_codes);
