{{/* The release's name prefix of every object. */}}
{{- define "agencyflow.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "agencyflow.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one component (account, policy, sales, finance, worker). Call with (dict "root" $ "component" name). */}}
{{- define "agencyflow.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "agencyflow.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* Where each component answers inside the cluster. */}}
{{- define "agencyflow.serviceUrl" -}}
{{- $svc := index .root.Values.services .service -}}
{{- printf "http://%s-%s:%d" (include "agencyflow.fullname" .root) .service (int $svc.port) -}}
{{- end -}}

{{/*
The settings every container shares (non-secret; the secrets come from envFrom). The names are
the deployables' own (packages/config, .env.example).
*/}}
{{- define "agencyflow.commonEnv" -}}
{{- $v := .Values -}}
- name: AGENCYFLOW_MODE
  value: {{ $v.mode | quote }}
- name: LOG_LEVEL
  value: {{ $v.logLevel | quote }}
- name: TEMPORAL_ADDRESS
  value: {{ required "temporal.address is required (host:port of the Temporal frontend)" $v.temporal.address | quote }}
- name: TEMPORAL_NAMESPACE
  value: {{ $v.temporal.namespace | quote }}
- name: TEMPORAL_UI_URL
  value: {{ $v.temporal.uiUrl | quote }}
{{- if $v.temporal.tls }}
- name: TEMPORAL_TLS
  value: "true"
{{- end }}
{{- with $v.temporal.serverName }}
- name: TEMPORAL_TLS_SERVER_NAME
  value: {{ . | quote }}
{{- end }}
{{- if $v.temporal.mtlsSecret }}
- name: TEMPORAL_TLS_CLIENT_CERT_PATH
  value: /etc/agencyflow/temporal-mtls/tls.crt
- name: TEMPORAL_TLS_CLIENT_KEY_PATH
  value: /etc/agencyflow/temporal-mtls/tls.key
{{- end }}
{{- if $v.temporal.caSecret }}
- name: TEMPORAL_TLS_SERVER_CA_CERT_PATH
  value: /etc/agencyflow/temporal-ca/ca.crt
{{- end }}
- name: KAFKA_BROKERS
  value: {{ required "kafka.brokers is required (comma-separated host:port)" $v.kafka.brokers | quote }}
- name: KAFKA_SSL
  value: {{ $v.kafka.ssl | toString | quote }}
{{- if $v.kafka.caSecret }}
- name: KAFKA_SSL_CA_PATH
  value: /etc/agencyflow/kafka-ca/ca.crt
{{- end }}
{{- if $v.kafka.clientCertSecret }}
- name: KAFKA_SSL_CERT_PATH
  value: /etc/agencyflow/kafka-client/tls.crt
- name: KAFKA_SSL_KEY_PATH
  value: /etc/agencyflow/kafka-client/tls.key
{{- end }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $v.kafka.saslMechanism | quote }}
{{- with $v.kafka.saslUsername }}
- name: KAFKA_SASL_USERNAME
  value: {{ . | quote }}
{{- end }}
{{- if eq $v.kafka.saslMechanism "oauthbearer" }}
- name: KAFKA_OAUTH_TOKEN_URL
  value: {{ required "kafka.oauth.tokenUrl is required with oauthbearer" $v.kafka.oauth.tokenUrl | quote }}
- name: KAFKA_OAUTH_CLIENT_ID
  value: {{ required "kafka.oauth.clientId is required with oauthbearer" $v.kafka.oauth.clientId | quote }}
{{- with $v.kafka.oauth.scope }}
- name: KAFKA_OAUTH_SCOPE
  value: {{ . | quote }}
{{- end }}
{{- end }}
- name: KAFKA_TOPIC_PREFIX
  value: {{ $v.kafka.topicPrefix | quote }}
{{- if $v.extraCaSecret }}
- name: NODE_EXTRA_CA_CERTS
  value: /etc/agencyflow/extra-ca/ca.crt
{{- end }}
{{- range $name, $value := $v.env }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{/* The volumes the common settings point into: certificates from Secrets, and /tmp (the root filesystem is read-only). */}}
{{- define "agencyflow.volumes" -}}
- name: tmp
  emptyDir: {}
{{- with .Values.temporal.mtlsSecret }}
- name: temporal-mtls
  secret:
    secretName: {{ . }}
{{- end }}
{{- with .Values.temporal.caSecret }}
- name: temporal-ca
  secret:
    secretName: {{ . }}
{{- end }}
{{- with .Values.kafka.caSecret }}
- name: kafka-ca
  secret:
    secretName: {{ . }}
{{- end }}
{{- with .Values.kafka.clientCertSecret }}
- name: kafka-client
  secret:
    secretName: {{ . }}
{{- end }}
{{- with .Values.extraCaSecret }}
- name: extra-ca
  secret:
    secretName: {{ . }}
{{- end }}
{{- end -}}

{{- define "agencyflow.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .Values.temporal.mtlsSecret }}
- name: temporal-mtls
  mountPath: /etc/agencyflow/temporal-mtls
  readOnly: true
{{- end }}
{{- if .Values.temporal.caSecret }}
- name: temporal-ca
  mountPath: /etc/agencyflow/temporal-ca
  readOnly: true
{{- end }}
{{- if .Values.kafka.caSecret }}
- name: kafka-ca
  mountPath: /etc/agencyflow/kafka-ca
  readOnly: true
{{- end }}
{{- if .Values.kafka.clientCertSecret }}
- name: kafka-client
  mountPath: /etc/agencyflow/kafka-client
  readOnly: true
{{- end }}
{{- if .Values.extraCaSecret }}
- name: extra-ca
  mountPath: /etc/agencyflow/extra-ca
  readOnly: true
{{- end }}
{{- end -}}

{{/* The pod-level settings every workload shares. */}}
{{- define "agencyflow.podSpecCommon" -}}
automountServiceAccountToken: false
{{- with .Values.serviceAccountName }}
serviceAccountName: {{ . }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
