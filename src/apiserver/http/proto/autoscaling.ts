// Field tables for k8s.io/api autoscaling/v2 (proto package k8s.io.api.autoscaling.v2): `kubectl autoscale`
// creates its HorizontalPodAutoscaler through the typed client, so the body is protobuf.
// Field numbers from generated.proto; JSON names, omitempty and pointer-ness from the Go types (types.go).
// Notation: see ./schema.ts.

export const AUTOSCALING: Readonly<Record<string, string>> = {
  HorizontalPodAutoscaler: 'metadata=1:meta.ObjectMeta spec=2:HorizontalPodAutoscalerSpec status=3:HorizontalPodAutoscalerStatus',
  HorizontalPodAutoscalerSpec:
    'scaleTargetRef=1:CrossVersionObjectReference! minReplicas=2:i32! maxReplicas=3:i32! metrics=4:MetricSpec* ' +
    'behavior=5:HorizontalPodAutoscalerBehavior!',
  CrossVersionObjectReference: 'kind=1:s! name=2:s! apiVersion=3:s',
  MetricSpec:
    'type=1:s! object=2:ObjectMetricSource! pods=3:PodsMetricSource! resource=4:ResourceMetricSource! ' +
    'containerResource=7:ContainerResourceMetricSource! external=5:ExternalMetricSource!',
  ObjectMetricSource: 'describedObject=1:CrossVersionObjectReference! target=2:MetricTarget! metric=3:MetricIdentifier!',
  PodsMetricSource: 'metric=1:MetricIdentifier! target=2:MetricTarget!',
  ResourceMetricSource: 'name=1:s! target=2:MetricTarget!',
  ContainerResourceMetricSource: 'name=1:s! target=2:MetricTarget! container=3:s!',
  ExternalMetricSource: 'metric=1:MetricIdentifier! target=2:MetricTarget!',
  MetricIdentifier: 'name=1:s! selector=2:meta.LabelSelector!',
  MetricTarget: 'type=1:s! value=2:Quantity! averageValue=3:Quantity! averageUtilization=4:i32!',
  HorizontalPodAutoscalerBehavior: 'scaleUp=1:HPAScalingRules! scaleDown=2:HPAScalingRules!',
  HPAScalingRules: 'stabilizationWindowSeconds=3:i32! selectPolicy=1:s! policies=2:HPAScalingPolicy* tolerance=4:Quantity!',
  HPAScalingPolicy: 'type=1:s! value=2:i32! periodSeconds=3:i32!',
  HorizontalPodAutoscalerStatus:
    'observedGeneration=1:i64! lastScaleTime=2:Time! currentReplicas=3:i32 desiredReplicas=4:i32! ' +
    'currentMetrics=5:MetricStatus* conditions=6:HorizontalPodAutoscalerCondition*',
  HorizontalPodAutoscalerCondition: 'type=1:s! status=2:s! lastTransitionTime=3:Time reason=4:s message=5:s',
  MetricStatus:
    'type=1:s! object=2:ObjectMetricStatus! pods=3:PodsMetricStatus! resource=4:ResourceMetricStatus! ' +
    'containerResource=7:ContainerResourceMetricStatus! external=5:ExternalMetricStatus!',
  ObjectMetricStatus: 'metric=1:MetricIdentifier! current=2:MetricValueStatus! describedObject=3:CrossVersionObjectReference!',
  PodsMetricStatus: 'metric=1:MetricIdentifier! current=2:MetricValueStatus!',
  ResourceMetricStatus: 'name=1:s! current=2:MetricValueStatus!',
  ContainerResourceMetricStatus: 'name=1:s! current=2:MetricValueStatus! container=3:s!',
  ExternalMetricStatus: 'metric=1:MetricIdentifier! current=2:MetricValueStatus!',
  MetricValueStatus: 'value=1:Quantity! averageValue=2:Quantity! averageUtilization=3:i32!',
};
