// Field tables for k8s.io/api core/v1 (proto package k8s.io.api.core.v1).
// Field numbers from generated.proto; JSON names, omitempty and pointer-ness from the Go types (types.go).
// Notation: see ./schema.ts.

export const CORE: Readonly<Record<string, string>> = {
  AWSElasticBlockStoreVolumeSource: 'volumeID=1:s! fsType=2:s partition=3:i32 readOnly=4:b',
  Affinity: 'nodeAffinity=1:NodeAffinity! podAffinity=2:PodAffinity! podAntiAffinity=3:PodAntiAffinity!',
  AppArmorProfile: 'type=1:s! localhostProfile=2:s!',
  AzureDiskVolumeSource: 'diskName=1:s! diskURI=2:s! cachingMode=3:s! fsType=4:s! readOnly=5:b! kind=6:s!',
  AzureFileVolumeSource: 'secretName=1:s! shareName=2:s! readOnly=3:b',
  Binding: 'metadata=1:meta.ObjectMeta target=2:ObjectReference!',
  CSIVolumeSource:
    'driver=1:s! readOnly=2:b! fsType=3:s! volumeAttributes=4:map:s ' +
    'nodePublishSecretRef=5:LocalObjectReference!',
  Capabilities: 'add=1:s* drop=2:s*',
  CephFSVolumeSource: 'monitors=1:s* path=2:s user=3:s secretFile=4:s secretRef=5:LocalObjectReference! readOnly=6:b',
  CinderVolumeSource: 'volumeID=1:s! fsType=2:s readOnly=3:b secretRef=4:LocalObjectReference!',
  ClientIPConfig: 'timeoutSeconds=1:i32!',
  ClusterTrustBundleProjection:
    'name=1:s! signerName=2:s! labelSelector=3:meta.LabelSelector! optional=5:b! path=4:s! user=6:i64!',
  ConfigMap: 'metadata=1:meta.ObjectMeta immutable=4:b! data=2:map:s binaryData=3:map:y',
  ConfigMapEnvSource: '_=1:LocalObjectReference^ optional=2:b!',
  ConfigMapKeySelector: '_=1:LocalObjectReference^ key=2:s! optional=3:b!',
  ConfigMapProjection: '_=1:LocalObjectReference^ items=2:KeyToPath* optional=4:b!',
  ConfigMapVolumeSource:
    '_=1:LocalObjectReference^ items=2:KeyToPath* defaultMode=3:i32! optional=4:b! defaultUser=5:i64!',
  Container:
    'name=1:s! image=2:s command=3:s* args=4:s* workingDir=5:s ports=6:ContainerPort* ' +
    'envFrom=19:EnvFromSource* env=7:EnvVar* resources=8:ResourceRequirements ' +
    'resizePolicy=23:ContainerResizePolicy* restartPolicy=24:s! ' +
    'restartPolicyRules=25:ContainerRestartRule* volumeMounts=9:VolumeMount* ' +
    'volumeDevices=21:VolumeDevice* livenessProbe=10:Probe! readinessProbe=11:Probe! ' +
    'startupProbe=22:Probe! lifecycle=12:Lifecycle! terminationMessagePath=13:s ' +
    'terminationMessagePolicy=20:s imagePullPolicy=14:s securityContext=15:SecurityContext! stdin=16:b ' +
    'stdinOnce=17:b tty=18:b',
  ContainerExtendedResourceRequest: 'containerName=1:s! resourceName=2:s! requestName=3:s!',
  ContainerPort: 'name=1:s hostPort=2:i32 containerPort=3:i32! protocol=4:s hostIP=5:s',
  ContainerResizePolicy: 'resourceName=1:s! restartPolicy=2:s!',
  ContainerRestartRule: 'action=1:s exitCodes=2:ContainerRestartRuleOnExitCodes!',
  ContainerRestartRuleOnExitCodes: 'operator=1:s values=2:i32*',
  ContainerState:
    'waiting=1:ContainerStateWaiting! running=2:ContainerStateRunning! ' +
    'terminated=3:ContainerStateTerminated!',
  ContainerStateRunning: 'startedAt=1:Time',
  ContainerStateTerminated:
    'exitCode=1:i32! signal=2:i32 reason=3:s message=4:s startedAt=5:Time finishedAt=6:Time ' +
    'containerID=7:s',
  ContainerStateWaiting: 'reason=1:s message=2:s',
  ContainerStatus:
    'name=1:s! state=2:ContainerState lastState=3:ContainerState ready=4:b! restartCount=5:i32! ' +
    'image=6:s! imageID=7:s! containerID=8:s started=9:b! allocatedResources=10:map:Quantity ' +
    'resources=11:ResourceRequirements! volumeMounts=12:VolumeMountStatus* user=13:ContainerUser! ' +
    'allocatedResourcesStatus=14:ResourceStatus* stopSignal=15:s!',
  ContainerUser: 'linux=1:LinuxContainerUser!',
  DownwardAPIProjection: 'items=1:DownwardAPIVolumeFile*',
  DownwardAPIVolumeFile:
    'path=1:s! fieldRef=2:ObjectFieldSelector! resourceFieldRef=3:ResourceFieldSelector! mode=4:i32! ' +
    'user=5:i64!',
  DownwardAPIVolumeSource: 'items=1:DownwardAPIVolumeFile* defaultMode=2:i32! defaultUser=3:i64!',
  EmptyDirVolumeSource: 'medium=1:s sizeLimit=2:Quantity! mode=3:i32!',
  EnvFromSource: 'prefix=1:s configMapRef=2:ConfigMapEnvSource! secretRef=3:SecretEnvSource!',
  EnvVar: 'name=1:s! value=2:s valueFrom=3:EnvVarSource!',
  EnvVarSource:
    'fieldRef=1:ObjectFieldSelector! resourceFieldRef=2:ResourceFieldSelector! ' +
    'configMapKeyRef=3:ConfigMapKeySelector! secretKeyRef=4:SecretKeySelector! ' +
    'fileKeyRef=5:FileKeySelector!',
  EphemeralContainer: '_=1:EphemeralContainerCommon^ targetContainerName=2:s',
  EphemeralContainerCommon:
    'name=1:s! image=2:s command=3:s* args=4:s* workingDir=5:s ports=6:ContainerPort* ' +
    'envFrom=19:EnvFromSource* env=7:EnvVar* resources=8:ResourceRequirements ' +
    'resizePolicy=23:ContainerResizePolicy* restartPolicy=24:s! ' +
    'restartPolicyRules=25:ContainerRestartRule* volumeMounts=9:VolumeMount* ' +
    'volumeDevices=21:VolumeDevice* livenessProbe=10:Probe! readinessProbe=11:Probe! ' +
    'startupProbe=22:Probe! lifecycle=12:Lifecycle! terminationMessagePath=13:s ' +
    'terminationMessagePolicy=20:s imagePullPolicy=14:s securityContext=15:SecurityContext! stdin=16:b ' +
    'stdinOnce=17:b tty=18:b',
  EphemeralVolumeSource: 'volumeClaimTemplate=1:PersistentVolumeClaimTemplate!',
  EvictionResponder: 'name=1:s! priority=2:i32!',
  ExecAction: 'command=1:s*',
  FCVolumeSource: 'targetWWNs=1:s* lun=2:i32! fsType=3:s readOnly=4:b wwids=5:s*',
  FileKeySelector: 'volumeName=1:s! path=2:s! key=3:s! optional=4:b!',
  FlexVolumeSource: 'driver=1:s! fsType=2:s secretRef=3:LocalObjectReference! readOnly=4:b options=5:map:s',
  FlockerVolumeSource: 'datasetName=1:s datasetUUID=2:s',
  GCEPersistentDiskVolumeSource: 'pdName=1:s! fsType=2:s partition=3:i32 readOnly=4:b',
  GRPCAction: 'port=1:i32! service=2:s! mode=3:s!',
  GitRepoVolumeSource: 'repository=1:s! revision=2:s directory=3:s',
  GlusterfsVolumeSource: 'endpoints=1:s! path=2:s! readOnly=3:b',
  HTTPGetAction: 'path=1:s port=2:IntOrString! host=3:s scheme=4:s httpHeaders=5:HTTPHeader* protocol=6:s!',
  HTTPHeader: 'name=1:s! value=2:s!',
  HostAlias: 'ip=1:s! hostnames=2:s*',
  HostIP: 'ip=1:s!',
  HostPathVolumeSource: 'path=1:s! type=2:s!',
  ISCSIVolumeSource:
    'targetPortal=1:s! iqn=2:s! lun=3:i32! iscsiInterface=4:s fsType=5:s readOnly=6:b portals=7:s* ' +
    'chapAuthDiscovery=8:b chapAuthSession=11:b secretRef=10:LocalObjectReference! initiatorName=12:s!',
  ImageVolumeSource: 'reference=1:s pullPolicy=2:s',
  ImageVolumeStatus: 'imageRef=1:s',
  KeyToPath: 'key=1:s! path=2:s! mode=3:i32! user=4:i64!',
  Lifecycle: 'postStart=1:LifecycleHandler! preStop=2:LifecycleHandler! stopSignal=3:s!',
  LifecycleHandler: 'exec=1:ExecAction! httpGet=2:HTTPGetAction! tcpSocket=3:TCPSocketAction! sleep=4:SleepAction!',
  LinuxContainerUser: 'uid=1:i64! gid=2:i64! supplementalGroups=3:i64*',
  LoadBalancerIngress: 'ip=1:s hostname=2:s ipMode=3:s! ports=4:PortStatus*',
  LoadBalancerStatus: 'ingress=1:LoadBalancerIngress*',
  LocalObjectReference: 'name=1:s',
  ModifyVolumeStatus: 'targetVolumeAttributesClassName=1:s status=2:s!',
  NFSVolumeSource: 'server=1:s! path=2:s! readOnly=3:b',
  Namespace: 'metadata=1:meta.ObjectMeta spec=2:NamespaceSpec status=3:NamespaceStatus',
  NamespaceCondition: 'type=1:s! status=2:s! lastTransitionTime=4:Time reason=5:s message=6:s',
  NamespaceSpec: 'finalizers=1:s*',
  NamespaceStatus: 'phase=1:s conditions=2:NamespaceCondition*',
  NodeAffinity:
    'requiredDuringSchedulingIgnoredDuringExecution=1:NodeSelector! ' +
    'preferredDuringSchedulingIgnoredDuringExecution=2:PreferredSchedulingTerm*',
  NodeAllocatableMappedResources: 'name=1:s! quantity=2:Quantity!',
  NodeAllocatableOverheadResources: 'name=1:s! perPod=2:Quantity! perContainer=3:Quantity!',
  NodeAllocatableResourceClaimStatus:
    'resourceClaimName=1:s! containers=2:s* mapping=4:NodeAllocatableMappedResources* ' +
    'overhead=5:NodeAllocatableOverheadResources*',
  NodeSelector: 'nodeSelectorTerms=1:NodeSelectorTerm*',
  NodeSelectorRequirement: 'key=1:s! operator=2:s! values=3:s*',
  NodeSelectorTerm: 'matchExpressions=1:NodeSelectorRequirement* matchFields=2:NodeSelectorRequirement*',
  ObjectFieldSelector: 'apiVersion=1:s fieldPath=2:s!',
  ObjectReference: 'kind=1:s namespace=2:s name=3:s uid=4:s apiVersion=5:s resourceVersion=6:s fieldPath=7:s',
  PersistentVolumeClaim:
    'metadata=1:meta.ObjectMeta spec=2:PersistentVolumeClaimSpec status=3:PersistentVolumeClaimStatus',
  PersistentVolumeClaimCondition:
    'type=1:s! status=2:s! lastProbeTime=3:Time lastTransitionTime=4:Time reason=5:s message=6:s',
  PersistentVolumeClaimSpec:
    'accessModes=1:s* selector=4:meta.LabelSelector! resources=2:VolumeResourceRequirements ' +
    'volumeName=3:s storageClassName=5:s! volumeMode=6:s! dataSource=7:TypedLocalObjectReference! ' +
    'dataSourceRef=8:TypedObjectReference! volumeAttributesClassName=9:s!',
  PersistentVolumeClaimStatus:
    'phase=1:s accessModes=2:s* capacity=3:map:Quantity conditions=4:PersistentVolumeClaimCondition* ' +
    'allocatedResources=5:map:Quantity allocatedResourceStatuses=7:map:s ' +
    'currentVolumeAttributesClassName=8:s! modifyVolumeStatus=9:ModifyVolumeStatus! ' +
    'healthStatus=10:VolumeHealthStatus!',
  PersistentVolumeClaimTemplate: 'metadata=1:meta.ObjectMeta spec=2:PersistentVolumeClaimSpec!',
  PersistentVolumeClaimVolumeSource: 'claimName=1:s! readOnly=2:b',
  PhotonPersistentDiskVolumeSource: 'pdID=1:s! fsType=2:s',
  Pod: 'metadata=1:meta.ObjectMeta spec=2:PodSpec status=3:PodStatus',
  PodAffinity:
    'requiredDuringSchedulingIgnoredDuringExecution=1:PodAffinityTerm* ' +
    'preferredDuringSchedulingIgnoredDuringExecution=2:WeightedPodAffinityTerm*',
  PodAffinityTerm:
    'labelSelector=1:meta.LabelSelector! namespaces=2:s* topologyKey=3:s! ' +
    'namespaceSelector=4:meta.LabelSelector! matchLabelKeys=5:s* mismatchLabelKeys=6:s*',
  PodAntiAffinity:
    'requiredDuringSchedulingIgnoredDuringExecution=1:PodAffinityTerm* ' +
    'preferredDuringSchedulingIgnoredDuringExecution=2:WeightedPodAffinityTerm*',
  PodCertificateProjection:
    'signerName=1:s keyType=2:s maxExpirationSeconds=3:i32! credentialBundlePath=4:s keyPath=5:s ' +
    'certificateChainPath=6:s userAnnotations=7:map:s user=8:i64!',
  PodCondition:
    'type=1:s! observedGeneration=7:i64 status=2:s! lastProbeTime=3:Time lastTransitionTime=4:Time ' +
    'reason=5:s message=6:s',
  PodDNSConfig: 'nameservers=1:s* searches=2:s* options=3:PodDNSConfigOption*',
  PodDNSConfigOption: 'name=1:s value=2:s!',
  PodExtendedResourceClaimStatus: 'requestMappings=1:ContainerExtendedResourceRequest* resourceClaimName=2:s!',
  PodIP: 'ip=1:s!',
  PodOS: 'name=1:s!',
  PodReadinessGate: 'conditionType=1:s!',
  PodResourceClaim: 'name=1:s! resourceClaimName=3:s! resourceClaimTemplateName=4:s!',
  PodResourceClaimStatus: 'name=1:s! resourceClaimName=2:s!',
  PodSchedulingGate: 'name=1:s!',
  PodSchedulingGroup: 'podGroupName=1:s!',
  PodSecurityContext:
    'seLinuxOptions=1:SELinuxOptions! windowsOptions=8:WindowsSecurityContextOptions! runAsUser=2:i64! ' +
    'runAsGroup=6:i64! runAsNonRoot=3:b! supplementalGroups=4:i64* supplementalGroupsPolicy=12:s! ' +
    'fsGroup=5:i64! sysctls=7:Sysctl* fsGroupChangePolicy=9:s! seccompProfile=10:SeccompProfile! ' +
    'appArmorProfile=11:AppArmorProfile! seLinuxChangePolicy=13:s!',
  PodSpec:
    'volumes=1:Volume* initContainers=20:Container* containers=2:Container* ' +
    'ephemeralContainers=34:EphemeralContainer* restartPolicy=3:s terminationGracePeriodSeconds=4:i64! ' +
    'activeDeadlineSeconds=5:i64! dnsPolicy=6:s nodeSelector=7:map:s serviceAccountName=8:s ' +
    'serviceAccount=9:s automountServiceAccountToken=21:b! nodeName=10:s hostNetwork=11:b hostPID=12:b ' +
    'hostIPC=13:b shareProcessNamespace=27:b! securityContext=14:PodSecurityContext! ' +
    'imagePullSecrets=15:LocalObjectReference* hostname=16:s subdomain=17:s affinity=18:Affinity! ' +
    'schedulerName=19:s tolerations=22:Toleration* hostAliases=23:HostAlias* priorityClassName=24:s ' +
    'priority=25:i32! dnsConfig=26:PodDNSConfig! readinessGates=28:PodReadinessGate* ' +
    'runtimeClassName=29:s! enableServiceLinks=30:b! preemptionPolicy=31:s! overhead=32:map:Quantity ' +
    'topologySpreadConstraints=33:TopologySpreadConstraint* setHostnameAsFQDN=35:b! os=36:PodOS! ' +
    'hostUsers=37:b! schedulingGates=38:PodSchedulingGate* resourceClaims=39:PodResourceClaim* ' +
    'resources=40:ResourceRequirements! hostnameOverride=41:s! schedulingGroup=43:PodSchedulingGroup! ' +
    'evictionResponders=44:EvictionResponder*',
  PodStatus:
    'observedGeneration=17:i64 phase=1:s conditions=2:PodCondition* message=3:s reason=4:s ' +
    'nominatedNodeName=11:s hostIP=5:s hostIPs=16:HostIP* podIP=6:s podIPs=12:PodIP* startTime=7:Time! ' +
    'initContainerStatuses=10:ContainerStatus* containerStatuses=8:ContainerStatus* qosClass=9:s ' +
    'ephemeralContainerStatuses=13:ContainerStatus* resize=14:s ' +
    'resourceClaimStatuses=15:PodResourceClaimStatus* ' +
    'extendedResourceClaimStatus=18:PodExtendedResourceClaimStatus! allocatedResources=19:map:Quantity ' +
    'resources=20:ResourceRequirements! ' +
    'nodeAllocatableResourceClaimStatuses=21:NodeAllocatableResourceClaimStatus* ' +
    'volumeHealth=22:PodVolumeHealth*',
  PodTemplateSpec: 'metadata=1:meta.ObjectMeta spec=2:PodSpec',
  PodVolumeHealth: 'name=1:s! healthConditions=2:VolumeHealthCondition* lastTransitionTime=3:Time',
  PortStatus: 'port=1:i32! protocol=2:s! error=3:s!',
  PortworxVolumeSource: 'volumeID=1:s! fsType=2:s readOnly=3:b',
  PreferredSchedulingTerm: 'weight=1:i32! preference=2:NodeSelectorTerm!',
  Probe:
    '_=1:ProbeHandler^ initialDelaySeconds=2:i32 timeoutSeconds=3:i32 periodSeconds=4:i32 ' +
    'successThreshold=5:i32 failureThreshold=6:i32 terminationGracePeriodSeconds=7:i64!',
  ProbeHandler: 'exec=1:ExecAction! httpGet=2:HTTPGetAction! tcpSocket=3:TCPSocketAction! grpc=4:GRPCAction!',
  ProjectedVolumeSource: 'sources=1:VolumeProjection* defaultMode=2:i32! defaultUser=3:i64!',
  QuobyteVolumeSource: 'registry=1:s! volume=2:s! readOnly=3:b user=4:s group=5:s tenant=6:s',
  RBDVolumeSource:
    'monitors=1:s* image=2:s! fsType=3:s pool=4:s user=5:s keyring=6:s secretRef=7:LocalObjectReference! ' +
    'readOnly=8:b',
  ResourceClaim: 'name=1:s! request=2:s',
  ResourceFieldSelector: 'containerName=1:s resource=2:s! divisor=3:Quantity',
  ResourceHealth: 'resourceID=1:s! health=2:s message=6:s!',
  ResourceQuota: 'metadata=1:meta.ObjectMeta spec=2:ResourceQuotaSpec status=3:ResourceQuotaStatus',
  ResourceQuotaSpec: 'hard=1:map:Quantity scopes=2:s* scopeSelector=3:ScopeSelector!',
  ResourceQuotaStatus: 'hard=1:map:Quantity used=2:map:Quantity',
  ResourceRequirements: 'limits=1:map:Quantity requests=2:map:Quantity claims=3:ResourceClaim*',
  ResourceStatus: 'name=1:s! resources=2:ResourceHealth*',
  SELinuxOptions: 'user=1:s role=2:s type=3:s level=4:s',
  ScaleIOVolumeSource:
    'gateway=1:s! system=2:s! secretRef=3:LocalObjectReference! sslEnabled=4:b protectionDomain=5:s ' +
    'storagePool=6:s storageMode=7:s volumeName=8:s fsType=9:s readOnly=10:b',
  ScopeSelector: 'matchExpressions=1:ScopedResourceSelectorRequirement*',
  ScopedResourceSelectorRequirement: 'scopeName=1:s! operator=2:s! values=3:s*',
  SeccompProfile: 'type=1:s! localhostProfile=2:s!',
  Secret: 'metadata=1:meta.ObjectMeta immutable=5:b! data=2:map:y stringData=4:map:s type=3:s',
  SecretEnvSource: '_=1:LocalObjectReference^ optional=2:b!',
  SecretKeySelector: '_=1:LocalObjectReference^ key=2:s! optional=3:b!',
  SecretProjection: '_=1:LocalObjectReference^ items=2:KeyToPath* optional=4:b!',
  SecretVolumeSource: 'secretName=1:s items=2:KeyToPath* defaultMode=3:i32! optional=4:b! defaultUser=5:i64!',
  SecurityContext:
    'capabilities=1:Capabilities! privileged=2:b! seLinuxOptions=3:SELinuxOptions! ' +
    'windowsOptions=10:WindowsSecurityContextOptions! runAsUser=4:i64! runAsGroup=8:i64! ' +
    'runAsNonRoot=5:b! readOnlyRootFilesystem=6:b! allowPrivilegeEscalation=7:b! procMount=9:s! ' +
    'seccompProfile=11:SeccompProfile! appArmorProfile=12:AppArmorProfile!',
  Service: 'metadata=1:meta.ObjectMeta spec=2:ServiceSpec status=3:ServiceStatus',
  ServiceAccount:
    'metadata=1:meta.ObjectMeta secrets=2:ObjectReference* imagePullSecrets=3:LocalObjectReference* ' +
    'automountServiceAccountToken=4:b!',
  ServiceAccountTokenProjection: 'audience=1:s expirationSeconds=2:i64! path=3:s! user=4:i64!',
  ServicePort: 'name=1:s protocol=2:s appProtocol=6:s! port=3:i32! targetPort=4:IntOrString nodePort=5:i32',
  ServiceSpec:
    'ports=1:ServicePort* selector=2:map:s clusterIP=3:s clusterIPs=18:s* type=4:s externalIPs=5:s* ' +
    'sessionAffinity=7:s loadBalancerIP=8:s loadBalancerSourceRanges=9:s* externalName=10:s ' +
    'externalTrafficPolicy=11:s healthCheckNodePort=12:i32 publishNotReadyAddresses=13:b ' +
    'sessionAffinityConfig=14:SessionAffinityConfig! ipFamilies=19:s* ipFamilyPolicy=17:s! ' +
    'allocateLoadBalancerNodePorts=20:b! loadBalancerClass=21:s! internalTrafficPolicy=22:s! ' +
    'trafficDistribution=23:s!',
  ServiceStatus: 'loadBalancer=1:LoadBalancerStatus conditions=2:meta.Condition*',
  SessionAffinityConfig: 'clientIP=1:ClientIPConfig!',
  SleepAction: 'seconds=1:i64!',
  StorageOSVolumeSource:
    'volumeName=1:s volumeNamespace=2:s fsType=3:s readOnly=4:b secretRef=5:LocalObjectReference!',
  Sysctl: 'name=1:s! value=2:s!',
  TCPSocketAction: 'port=1:IntOrString! host=2:s',
  Toleration: 'key=1:s operator=2:s value=3:s effect=4:s tolerationSeconds=5:i64!',
  TopologySpreadConstraint:
    'maxSkew=1:i32! topologyKey=2:s! whenUnsatisfiable=3:s! labelSelector=4:meta.LabelSelector! ' +
    'minDomains=5:i32! nodeAffinityPolicy=6:s! nodeTaintsPolicy=7:s! matchLabelKeys=8:s*',
  TypedLocalObjectReference: 'apiGroup=1:s! kind=2:s! name=3:s!',
  TypedObjectReference: 'apiGroup=1:s! kind=2:s! name=3:s! namespace=4:s!',
  Volume: 'name=1:s! _=2:VolumeSource^',
  VolumeDevice: 'name=1:s! devicePath=2:s!',
  VolumeHealthCondition: 'status=1:s! reason=2:s! message=3:s',
  VolumeHealthStatus: 'healthConditions=1:VolumeHealthCondition* lastTransitionTime=2:Time',
  VolumeMount:
    'name=1:s! readOnly=2:b recursiveReadOnly=7:s! mountPath=3:s! subPath=4:s mountPropagation=5:s! ' +
    'subPathExpr=6:s bindMountOptions=8:s*',
  VolumeMountStatus: 'name=1:s! mountPath=2:s! readOnly=3:b recursiveReadOnly=4:s! volumeStatus=5:VolumeStatus!',
  VolumeProjection:
    'secret=1:SecretProjection! downwardAPI=2:DownwardAPIProjection! configMap=3:ConfigMapProjection! ' +
    'serviceAccountToken=4:ServiceAccountTokenProjection! ' +
    'clusterTrustBundle=5:ClusterTrustBundleProjection! podCertificate=6:PodCertificateProjection!',
  VolumeResourceRequirements: 'limits=1:map:Quantity requests=2:map:Quantity',
  VolumeSource:
    'hostPath=1:HostPathVolumeSource! emptyDir=2:EmptyDirVolumeSource! ' +
    'gcePersistentDisk=3:GCEPersistentDiskVolumeSource! ' +
    'awsElasticBlockStore=4:AWSElasticBlockStoreVolumeSource! gitRepo=5:GitRepoVolumeSource! ' +
    'secret=6:SecretVolumeSource! nfs=7:NFSVolumeSource! iscsi=8:ISCSIVolumeSource! ' +
    'glusterfs=9:GlusterfsVolumeSource! persistentVolumeClaim=10:PersistentVolumeClaimVolumeSource! ' +
    'rbd=11:RBDVolumeSource! flexVolume=12:FlexVolumeSource! cinder=13:CinderVolumeSource! ' +
    'cephfs=14:CephFSVolumeSource! flocker=15:FlockerVolumeSource! ' +
    'downwardAPI=16:DownwardAPIVolumeSource! fc=17:FCVolumeSource! azureFile=18:AzureFileVolumeSource! ' +
    'configMap=19:ConfigMapVolumeSource! vsphereVolume=20:VsphereVirtualDiskVolumeSource! ' +
    'quobyte=21:QuobyteVolumeSource! azureDisk=22:AzureDiskVolumeSource! ' +
    'photonPersistentDisk=23:PhotonPersistentDiskVolumeSource! projected=26:ProjectedVolumeSource! ' +
    'portworxVolume=24:PortworxVolumeSource! scaleIO=25:ScaleIOVolumeSource! ' +
    'storageos=27:StorageOSVolumeSource! csi=28:CSIVolumeSource! ephemeral=29:EphemeralVolumeSource! ' +
    'image=30:ImageVolumeSource!',
  VolumeStatus: 'image=1:ImageVolumeStatus!',
  VsphereVirtualDiskVolumeSource: 'volumePath=1:s! fsType=2:s storagePolicyName=3:s storagePolicyID=4:s',
  WeightedPodAffinityTerm: 'weight=1:i32! podAffinityTerm=2:PodAffinityTerm!',
  WindowsSecurityContextOptions:
    'gmsaCredentialSpecName=1:s! gmsaCredentialSpec=2:s! runAsUserName=3:s! hostProcess=4:b!',
};
