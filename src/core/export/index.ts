// Observability exports: Prometheus alert rules and a Grafana dashboard over /metrics, Kubernetes
// manifests for a deployment, and CloudWatch EMF lines of closed monitoring windows, each built
// from the project model; and the one writer every export goes through.
export { prometheusRules, type PrometheusRuleFile, type PrometheusRule, type ExportResult } from './prometheus-rules';
export { grafanaDashboard, type GrafanaDashboard, type GrafanaPanel } from './grafana-dashboard';
export { kubernetesManifests, kubernetesSource, type KubernetesManifest, type KubernetesTarget } from './kubernetes';
export { emfLines, emfOptions, windowFigures, EMF_MAX_METRICS, EMF_MAX_DIMENSIONS, type EmfOptions, type EmfRecord, type EmfFigure } from './emf';
export { monitorThresholds, requireProjectFile, MONITOR_METRICS, PROXY_METRICS, type Threshold, type ThresholdPlan } from './thresholds';
export { writeExport, type OutputOptions } from './write-output';
