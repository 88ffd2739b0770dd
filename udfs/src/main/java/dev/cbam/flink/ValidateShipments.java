package dev.cbam.flink;

import dev.cbam.intake.Reject;
import dev.cbam.intake.Shipment;
import dev.cbam.intake.ShipmentRow;
import dev.cbam.intake.ShipmentValidator;
import dev.cbam.reference.CnScope;
import dev.cbam.reference.CountryTable;
import dev.cbam.report.ReportingPeriod;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.io.ByteArrayInputStream;

/**
 * Step 2 of the job: each row of a shipment file becomes a {@link Shipment}, or a {@link Reject} on the
 * {@link Rejects#TAG} side output. Counts the rows it reads in the {@value #ROWS_READ} accumulator, which the
 * run checks against accepted + rejected at the end.
 */
public final class ValidateShipments extends ProcessFunction<ShipmentRow, Shipment> {

    private static final long serialVersionUID = 1L;
    public static final String ROWS_READ = "rows-read";
    public static final String ROWS_REJECTED = "rows-rejected-at-validation";

    private final byte[] countriesCsv;
    private final byte[] annexIRules;
    private final ReportingPeriod period;
    private transient ShipmentValidator validator;
    private transient LongCounter rowsRead;
    private transient LongCounter rowsRejected;

    /**
     * @param countriesCsv the {@code countries.csv} of the run's reference data
     * @param annexIRules the {@code cn_codes_annex_I_rules.json} of the run's reference data
     * @param period the reporting period
     */
    public ValidateShipments(byte[] countriesCsv, byte[] annexIRules, ReportingPeriod period) {
        this.countriesCsv = countriesCsv.clone();
        this.annexIRules = annexIRules.clone();
        this.period = period;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        validator = new ShipmentValidator(CountryTable.read(new ByteArrayInputStream(countriesCsv)),
                CnScope.read(new ByteArrayInputStream(annexIRules)), period);
        rowsRead = getRuntimeContext().getLongCounter(ROWS_READ);
        rowsRejected = getRuntimeContext().getLongCounter(ROWS_REJECTED);
    }

    @Override
    public void processElement(ShipmentRow row, Context ctx, Collector<Shipment> out) {
        rowsRead.add(1);
        Shipment shipment = validator.validate(row);
        if (shipment != null) {
            out.collect(shipment);
        } else {
            rowsRejected.add(1);
            Reject reject = validator.lastReject();
            ctx.output(Rejects.TAG, reject);
        }
    }
}
