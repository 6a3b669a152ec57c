#!/usr/bin/env bash
# Runs a file of Flink SQL (default: config/sql/demo.sql, the README's example) on an embedded
# Flink with the project's SQL functions, printing each query's rows. From the repository root:
#
#   scripts/sql-demo.sh [FILE.sql]
#
# Builds sql/target/flink-softmax-sql.jar and the Flink jars it runs with (sql/target/lib) first
# when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f sql/target/flink-softmax-sql.jar ] || [ ! -d sql/target/lib ]; then
  mvn -B -q -ntp package -DskipTests -pl sql -am
fi
exec java -Dlog4j2.level=ERROR -cp "sql/target/flink-softmax-sql.jar:sql/target/lib/*" \
  io.flinksoftmax.sql.SqlScript "${1:-config/sql/demo.sql}"
