package dev.cbam.declaration;

/** Facts about a declaration line that its reader must see: which assumption was made, and why. */
public enum DeclarationNote {
    EXEMPT_DE_MINIMIS("The importer does not exceed the 50 t threshold (Art 2a of Reg (EU) 2023/956): no certificates for this line; it is listed as Art 6(2)(a) requires."),
    NO_FREE_ALLOCATION_ELECTRICITY("Electricity: the EU ETS gives no free allocation for electricity generation, so there is no free allocation adjustment."),
    NO_BENCHMARK("IR (EU) 2025/2620 lists no CBAM benchmark for this CN code: no free allocation adjustment (conservative)."),
    ROUTE_NOT_IN_BENCHMARKS("The default value's production route has no benchmark of its own for this CN code; the code's only benchmark was used."),
    ROUTE_UNDETERMINED("The CN code has benchmarks for several production routes and the route is not known: the lowest benchmark was used (the smallest adjustment, so certificates are not understated)."),
    ACTUAL_PRECURSORS_NOT_INCLUDED("Actual data: column A covers the good's own production process; the embedded free allocation of its precursors (IR (EU) 2025/2620, Annex, section 3) needs precursor data the run does not have and is not added, which can only overstate certificates."),
    DEDUCTION_APPLIED("A carbon price paid in a third country was deducted (Art 9 of Reg (EU) 2023/956), on the evidence named in the deduction."),
    DEDUCTION_NOT_APPLIED_DEFAULT_VALUES("A carbon price deduction is configured for this installation, but the line uses default values: a price effectively paid reduces certificates only with actual emissions (Art 9(1) as amended)."),
    CLAMPED_AT_ZERO("The free allocation adjustment and deduction exceed the embedded emissions: the line's certificates are zero, and the difference offsets no other line.");

    private final String message;

    DeclarationNote(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}
