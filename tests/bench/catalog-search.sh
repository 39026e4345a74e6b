#!/usr/bin/env bash
# What a catalog search costs on PostgreSQL at 100,000 products, with and without the trigram indexes.
# Builds a scratch database from product-service's own Flyway migrations, fills it with generated products,
# runs the queries CatalogQueries issues (EXPLAIN ANALYZE, best of 5) and drops the database.
# Usage: tests/bench/catalog-search.sh [postgres-url-without-db=postgresql://postgres@localhost:5432] [products=100000]
set -euo pipefail
cd "$(dirname "$0")/../.."
server="${1:-postgresql://postgres@localhost:5432}"; n="${2:-100000}"
db="emporium_bench_$$"
migrations=services/product-service/src/main/resources/db
psql "$server/postgres" -qc "create database $db" >/dev/null
trap 'psql "$server/postgres" -qc "drop database if exists $db with (force)" >/dev/null' EXIT
run() { psql "$server/$db" -qAtX -v ON_ERROR_STOP=1 "$@"; }
for f in $migrations/migration/V1__*.sql $migrations/migration/V2__*.sql $migrations/migration/V3__*.sql; do run -f "$f" >/dev/null; done

words="'kettle','lantern','skillet','blanket','keyboard','tent','headphones','candle','jacket','puzzle','mug','lamp','socks','stove','drone'"
adjectives="'ultralight','walnut','merino','ceramic','carbon','organic','rechargeable','waterproof','vintage','compact'"
run >/dev/null <<SQL
insert into product (id, sku, name, description, category, price, currency, active, version, created_at, updated_at)
select gen_random_uuid(), 'BENCH-' || g,
       (array[$adjectives])[1 + g % 10] || ' ' || (array[$words])[1 + (g / 7) % 15] || ' ' || g,
       'Model ' || g || ' of our ' || (array[$words])[1 + (g / 3) % 15] ||
         ' line, made with care and shipped within two days. ' || md5(g::text),
       (array['Kitchen','Outdoors','Electronics','Home','Books','Apparel','Toys'])[1 + g % 7],
       round((5 + (g % 500) + (g % 100) / 100.0)::numeric, 2), 'USD', g % 50 <> 0, 0,
       now() - (g || ' minutes')::interval, now()
from generate_series(1, $n) g;
insert into stock_item (product_id, available, reserved, sold, updated_at) select id, 10, 0, 0, now() from product;
analyze;
SQL

query() { # $1 = search term
  cat <<SQL
explain (analyze, format json)
select p.id, p.sku, p.name, p.description, p.category, p.price, p.currency, p.created_at, p.updated_at, s.available
from product p join stock_item s on s.product_id = p.id
where p.active = true and (lower(p.name) like '%$1%' escape '\\' or lower(p.description) like '%$1%' escape '\\')
order by p.name asc, p.id limit 20 offset 0;
SQL
}
count() {
  echo "explain (analyze, format json) select count(*) from product p where p.active = true and (lower(p.name) like '%$1%' escape '\\' or lower(p.description) like '%$1%' escape '\\');"
}
best() { # best execution time (ms) of 5 runs of the SQL on stdin
  local sql; sql=$(cat); local best=999999
  for _ in 1 2 3 4 5; do
    t=$(echo "$sql" | run | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["Execution Time"])')
    best=$(python3 -c "print(min($best, $t))")
  done
  printf '%.2f' "$best"
}

echo "| search (${n} products) | page query, no index | page query, trigram | count, no index | count, trigram |"
echo "|---|---|---|---|---|"
declare -A plain
for term in kettle "walnut kettle" 4242 zz9; do
  plain[$term]="$(query "$term" | best) | $(count "$term" | best)"
done
run -f $migrations/vendor/postgresql/V4__search_index.sql >/dev/null
run -c "analyze" >/dev/null
for term in kettle "walnut kettle" 4242 zz9; do
  IFS='|' read -r p c <<< "${plain[$term]}"
  echo "| \`q=$term\` | ${p// /} ms | $(query "$term" | best) ms | ${c// /} ms | $(count "$term" | best) ms |"
done
