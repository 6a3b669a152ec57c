package io.flinksoftmax.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How {@link SqlScript} cuts a script into the statements it runs one by one. */
class SqlScriptTest {

    @Test
    void statementsEndWithASemicolonAtTheEndOfALineAndCommentLinesAreDropped() {
        String script =
                "-- a comment\n"
                        + "SET 'a' = 'b';\n"
                        + "\n"
                        + "SELECT 'x;y' AS v,\n"
                        + "  -- inside\n"
                        + "  1 AS n\n"
                        + "FROM t;\n"
                        + "   \n";
        assertThat(SqlScript.statements(script))
                .containsExactly("SET 'a' = 'b'", "SELECT 'x;y' AS v,\n  1 AS n\nFROM t");
    }

    @Test
    void aLastStatementWithoutItsSemicolonIsRefusedByName() {
        assertThatThrownBy(() -> SqlScript.statements("SELECT 1;\nSELECT 2\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SELECT 2");
    }
}
