/**
 * The marks of the objects eks-fargate-deploy keeps in a cluster for itself: the deploy lock (a
 * Lease) and the release records (Secrets). kube writes and reads them; manifests refuses a
 * release that carries one.
 */

/** The Lease's name in each namespace. */
export const LOCK_NAME = 'eks-fargate-deploy-lock';

/** The Secret type of a release record. */
export const RELEASE_SECRET_TYPE = 'eks-fargate-deploy.io/release.v1';
/** A record's number, so listing needs no decoding. */
export const LABEL_RELEASE_VERSION = 'eks-fargate-deploy/release-version';
/** A record's status, so listing needs no decoding. */
export const LABEL_STATUS = 'eks-fargate-deploy/status';
