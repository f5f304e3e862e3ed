/** A TMF654 reference to a bucket, shared by the bucket lists and the balance actions. */
import type { AppDeps } from '../env.js';
import { hrefOf, TMF_BASE } from './tmf-common.js';

export const bucketRef = (deps: AppDeps, id: string) => ({ id, href: hrefOf(deps, TMF_BASE.prepay, 'bucket', id), '@referredType': 'Bucket' });
