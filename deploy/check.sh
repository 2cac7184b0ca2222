#!/usr/bin/env bash
# `npm run deploy:check`: validates the deployment files with tools that run here, installing them
# first when missing (into ~/.cache/agencyflow/deploy-tools, or AGENCYFLOW_DEPLOY_TOOLS):
#   helm        (Go module proxy: go install helm.sh/helm/v3/cmd/helm)
#   kubeconform (Go module proxy: go install github.com/yannh/kubeconform/cmd/kubeconform)
#   the Kubernetes JSON schemas, offline: the PyPI package kubernetes-validate ships them; its
#   schemas' references point at kubernetes.io, so a copy with local references is made once.
# Then, for the chart's default values and every deploy/helm/agencyflow/ci/*-values.yaml:
#   helm lint --strict, helm template, kubeconform -strict against Kubernetes $KUBE_VERSION.
# The rendered manifests are left in dist/deploy/<values>.yaml. Exits non-zero on any problem.
# `--install-tools`: install what is missing, validate nothing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHART="$ROOT/deploy/helm/agencyflow"
OUT="$ROOT/dist/deploy"
TOOLS="${AGENCYFLOW_DEPLOY_TOOLS:-$HOME/.cache/agencyflow/deploy-tools}"
HELM_VERSION=v3.22.0
KUBECONFORM_VERSION=v0.8.0
KUBERNETES_VALIDATE_VERSION=1.37.0
KUBE_VERSION=1.33.0

say() { echo "[deploy:check] $*"; }
die() { echo "[deploy:check] $*" >&2; exit 1; }

go_tool() { # name module version
  local name="$1" module="$2" version="$3"
  [[ -x "$TOOLS/bin/$name" ]] && return 0
  command -v go >/dev/null || die "$name is missing and Go is not installed to build it"
  say "installing $name $version (go install; a few minutes the first time)"
  mkdir -p "$TOOLS/bin"
  (cd "$TOOLS" && GOBIN="$TOOLS/bin" GOFLAGS=-mod=mod go install "$module@$version") || die "go install $module@$version failed"
}

schemas() {
  local dir="$TOOLS/schemas/v$KUBE_VERSION-strict"
  [[ -f "$dir/.complete" ]] && { echo "$dir"; return 0; }
  if [[ ! -x "$TOOLS/venv/bin/python" ]] || ! "$TOOLS/venv/bin/python" -c 'import kubernetes_validate' 2>/dev/null; then
    say "installing the Kubernetes JSON schemas (pip: kubernetes-validate $KUBERNETES_VALIDATE_VERSION)" >&2
    python3 -m venv "$TOOLS/venv" >&2
    "$TOOLS/venv/bin/pip" install --quiet "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" >&2
  fi
  local source
  source="$("$TOOLS/venv/bin/python" -c 'import kubernetes_validate, os; print(os.path.dirname(kubernetes_validate.__file__))')/kubernetes-json-schema/v$KUBE_VERSION-local-strict"
  [[ -d "$source" ]] || die "kubernetes-validate has no schemas for Kubernetes $KUBE_VERSION"
  # The schemas say where they live ($id https://kubernetes.io/...) and refer to
  # /api/_definitions.json from there: point those references at the local copy instead.
  node "$ROOT/deploy/localize-schemas.mjs" "$source" "$dir" >&2
  touch "$dir/.complete"
  echo "$dir"
}

go_tool helm helm.sh/helm/v3/cmd/helm "$HELM_VERSION"
go_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION"
SCHEMAS="$(schemas)"
# --install-tools: only make sure the tools are there (npm test does it before the tests run, so
# building helm on a new machine does not compete with them for the CPU).
[[ "${1:-}" == "--install-tools" ]] && exit 0

mkdir -p "$OUT"
values_files=("")
for file in "$CHART"/ci/*-values.yaml; do values_files+=("$file"); done
rendered=()
for values in "${values_files[@]}"; do
  name="$(basename "${values:-default}" -values.yaml)"
  args=()
  # The defaults leave the cluster addresses empty on purpose (required): give placeholders.
  if [[ -n "$values" ]]; then args+=(-f "$values"); else args+=(--set temporal.address=temporal:7233 --set kafka.brokers=kafka:9092); fi
  say "helm lint --strict ($name)"
  "$TOOLS/bin/helm" lint --strict "$CHART" --kube-version "$KUBE_VERSION" "${args[@]}" >/dev/null || "$TOOLS/bin/helm" lint --strict "$CHART" --kube-version "$KUBE_VERSION" "${args[@]}" || die "helm lint failed ($name)"
  "$TOOLS/bin/helm" template agencyflow "$CHART" --kube-version "$KUBE_VERSION" "${args[@]}" >"$OUT/$name.yaml" || die "helm template failed ($name)"
  rendered+=("$OUT/$name.yaml")
done
say "kubeconform -strict (Kubernetes $KUBE_VERSION): ${rendered[*]#"$ROOT/"}"
"$TOOLS/bin/kubeconform" -strict -summary -schema-location "$SCHEMAS/{{ .ResourceKind }}{{ .KindSuffix }}.json" "${rendered[@]}" || die "kubeconform found invalid manifests"
say "ok"
