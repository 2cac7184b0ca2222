# Sourced by bench.sh and chaos.sh: node modules, the infrastructure in test mode, its settings,
# and the migrated template databases the runs copy their services' databases from.
# shellcheck source=node-modules.sh
source "$ROOT/scripts/lib/node-modules.sh"
ensure_node_modules

# Benchmarks and fault scenarios run the services in development mode (development secrets, loopback only).
export AGENCYFLOW_MODE=development
INFRA_MODE=test bash infra/infra.sh up
eval "$(bash infra/infra.sh env)"
npx tsx -e "require('./scripts/lib/prepare').prepareTestTemplates(process.env.DATABASE_ADMIN_URL, (s) => (process.env.AGENCYFLOW_TEST_TEMPLATE_PREFIX ?? 't_tpl_') + s).then(() => process.exit(0))"
