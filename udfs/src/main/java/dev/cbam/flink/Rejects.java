package dev.cbam.flink;

import dev.cbam.intake.Reject;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** The side output that every step sends its rejects to. */
public final class Rejects {

    /** Rows that are not shipments of the run, with their reasons. */
    public static final OutputTag<Reject> TAG = new OutputTag<>("rejects", TypeInformation.of(Reject.class));

    private Rejects() {}
}
