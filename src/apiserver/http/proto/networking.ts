// Field tables for k8s.io/api networking/v1 (proto package k8s.io.api.networking.v1).
// Field numbers from generated.proto; JSON names, omitempty and pointer-ness from the Go types (types.go).
// Notation: see ./schema.ts.

export const NETWORKING: Readonly<Record<string, string>> = {
  HTTPIngressPath: 'path=1:s pathType=3:s! backend=2:IngressBackend!',
  HTTPIngressRuleValue: 'paths=1:HTTPIngressPath*',
  Ingress: 'metadata=1:meta.ObjectMeta spec=2:IngressSpec status=3:IngressStatus',
  IngressBackend: 'service=4:IngressServiceBackend! resource=3:core.TypedLocalObjectReference!',
  IngressLoadBalancerIngress: 'ip=1:s hostname=2:s ports=4:IngressPortStatus*',
  IngressLoadBalancerStatus: 'ingress=1:IngressLoadBalancerIngress*',
  IngressPortStatus: 'port=1:i32! protocol=2:s! error=3:s!',
  IngressRule: 'host=1:s _=2:IngressRuleValue^',
  IngressRuleValue: 'http=1:HTTPIngressRuleValue!',
  IngressServiceBackend: 'name=1:s! port=2:ServiceBackendPort',
  IngressSpec: 'ingressClassName=4:s! defaultBackend=1:IngressBackend! tls=2:IngressTLS* rules=3:IngressRule*',
  IngressStatus: 'loadBalancer=1:IngressLoadBalancerStatus',
  IngressTLS: 'hosts=1:s* secretName=2:s',
  ServiceBackendPort: 'name=1:s number=2:i32',
};
