package io.flinksoftmax.sql;

import io.flinksoftmax.encode.AssembledRequestJson;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;

/**
 * {@code CANDIDATES_BY_ID(candidates) -> candidates}: the same array in ascending order of
 * candidate id by Unicode code point, the order in which the job's assembler hands a request's
 * candidates to scoring. {@code SLATE(id, CANDIDATES_BY_ID(ARRAY_AGG(...)), policy)} therefore
 * decides a request the same way whatever order {@code ARRAY_AGG} met its rows in (the softmax sum,
 * ties and exploration follow the array's order), and bit for bit as the job decides the same
 * candidates sent one at a time.
 *
 * <p>Takes both candidate shapes {@code SLATE} takes and returns the same type. A NULL element or a
 * NULL id sorts first and stays, so that {@code SLATE} still refuses the request with its reason;
 * equal ids keep their order ({@code SLATE} refuses them as {@code duplicate_id}). NULL for a NULL
 * array.
 */
@PublicEvolving
public final class CandidatesByIdFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    private static final Comparator<Row> BY_ID =
            Comparator.nullsFirst(
                    Comparator.comparing(
                            (Row row) -> (String) row.getField(0),
                            Comparator.nullsFirst(AssembledRequestJson.CODE_POINT_ORDER)));

    @FunctionHint(
            input = @DataTypeHint(SlateFunction.CANDIDATES),
            output = @DataTypeHint(SlateFunction.CANDIDATES))
    @FunctionHint(
            input = @DataTypeHint(SlateFunction.CANDIDATES_ELIGIBLE),
            output = @DataTypeHint(SlateFunction.CANDIDATES_ELIGIBLE))
    public Row[] eval(Row[] candidates) {
        if (candidates == null) {
            return null;
        }
        Row[] sorted = candidates.clone();
        Arrays.sort(sorted, BY_ID); // stable: equal ids keep their order
        return sorted;
    }
}
