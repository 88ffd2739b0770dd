package dev.cbam.qreport;

import java.time.Instant;

/**
 * Who makes a quarterly report and who signs it: everything the QReport needs besides the goods.
 *
 * <p>The reporting declarant (Art 3(16) of Reg (EU) 2023/956 before the Omnibus amendment) is the importer,
 * or the indirect customs representative when one lodged the customs declarations. Without a representative
 * the report is made by the importer in role 01 and carries no Importer or Representative block; with one, the
 * representative reports in role 02, its EORI is the declarant's identification number, and the importer is
 * named in the Importer block. The declarant's address is the address of the party that reports (the
 * schema's ActorAddress has no country). The Transitional Registry refuses a report in which the representative and the
 * importer have the same identification number, so the writer refuses it first.
 *
 * @param importer the importer, whose EORI must be the one of the report
 * @param representative the indirect customs representative, or {@code null} when the importer reports itself
 * @param signatory full name of the person signing
 * @param signatoryPosition position of the person signing
 * @param signaturePlace place of signature
 * @param globalDataConfirmation the declarant confirms that the report is complete and correct
 * @param useOfDataConfirmation the declarant agrees to the use of the data
 * @param reportId the draft report id, or {@code null}
 * @param submissionDate the submission time (whole seconds, UTC), or {@code null}; never taken from the clock,
 *     so the same input gives the same bytes
 * @param remarks additional information on the report, or {@code null}
 */
public record QReportHeader(
        Party importer,
        Party representative,
        String signatory,
        String signatoryPosition,
        String signaturePlace,
        boolean globalDataConfirmation,
        boolean useOfDataConfirmation,
        String reportId,
        Instant submissionDate,
        String remarks) {

    /** The role code of the reporting declarant. */
    public String role() {
        return representative == null ? QReportCodes.ROLE_IMPORTER : QReportCodes.ROLE_REPRESENTATIVE;
    }

    /** The reporting declarant: the representative when there is one, else the importer. */
    public Party declarant() {
        return representative == null ? importer : representative;
    }
}
