/**
 * Public surface of the sandbox (see README.md in this folder for the extension points).
 */
export { startSandbox, type Sandbox, type SandboxOptions } from './sandbox.js';
export { runSandboxCommand, parseSandboxArgs } from './cli.js';
export {
  behaviourOf,
  defaultSandboxConfig,
  imageExists,
  ImageBehaviours,
  loadSandboxConfigFile,
  resolveSandboxConfig,
  type ImageBehaviour,
  type SandboxConfig,
  type SandboxFargateProfile,
  type SandboxImages,
  type SandboxTiming,
} from './config.js';
export {
  bearerToken,
  StaticTokenAuthenticator,
  type Authenticator,
  type AuthResult,
  type Authorizer,
  type AuthorizationAttributes,
  type UserInfo,
} from './auth.js';
export { SandboxHttp, type AuditRecord, type HttpContext, type Middleware, type Route } from './server.js';
export { StatusError, StatusReason, type StatusBody, type StatusCause } from './status.js';
export { RESOURCE_TYPES, ResourceRegistry, apiVersionOf, resourceKey, type ResourceType } from './registry.js';
export type { KubeObject, ObjectMeta, OwnerReference } from './object.js';
export type { RequestInfo } from './requestinfo.js';
export type { StoreEvent } from './watch.js';
export type { Controller } from './controllers/runtime.js';
export {
  AlbController,
  ALB_URL_ANNOTATION,
  albDnsName,
  albName,
  type AlbAccessRecord,
  type AlbLoadBalancer,
  type SandboxAlbConfig,
} from './alb.js';
export { defaultAppConfig, type SandboxAppConfig } from './app.js';
export { FaultInjector, parseFaultConfig, type FaultConfig, type FaultRule, type FaultStats } from './faults.js';
export { EksTokenAuthenticator, parseEksConfig, type EksPrincipalMapping, type SandboxEksConfig } from './eks-auth.js';
export { readEksFargateProfiles } from './eks-profiles.js';
