/** POST /device-data-volume/v0.1/retrieve and /check (CAMARA Device Data Volume 0.1.0). */
import type { Context } from 'hono';
import { categoryOf, exceedsThreshold, remainingData, resolveDevice, type CamaraCaller } from '../../../services/camara/data-volume.js';
import { CAMARA_SCOPE } from '../../../services/oauth/oauth-scopes.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { camaraBody, camaraError, camaraJson, withCaller } from './camara-kit.js';
import { CheckRequest, RetrieveRequest, type DeviceBody } from './camara-schemas.js';

export const DEVICE_ERRORS = {
  MISSING_IDENTIFIER: [422, 'The device cannot be identified.'],
  UNNECESSARY_IDENTIFIER: [422, 'The device is already identified by the access token.'],
  UNSUPPORTED_IDENTIFIER: [422, 'The identifier provided is not supported; use phoneNumber.'],
  IDENTIFIER_NOT_FOUND: [404, 'Device identifier not found.'],
  SERVICE_NOT_APPLICABLE: [422, 'The service is not available for the provided identifier (no active line with a data plan).'],
} as const;

type DeviceCode = keyof typeof DEVICE_ERRORS;

export function deviceError(c: Context, code: DeviceCode): Response {
  const [status, message] = DEVICE_ERRORS[code];
  return camaraError(c, status, code, message);
}

/** The caller, the line and its remaining data; or the CAMARA error answer. */
async function lineVolume(c: Context, deps: AppDeps, caller: CamaraCaller, device: DeviceBody | undefined) {
  const line = await resolveDevice(deps.store, caller, device);
  if (!line.ok) return deviceError(c, line.code);
  const volume = await remainingData(deps.store, line.iccid, deps.now());
  if (!volume.ok) return deviceError(c, volume.code);
  return { remainingBytes: volume.remainingBytes, ...(line.phoneNumber ? { device: { phoneNumber: line.phoneNumber } } : {}) };
}

export function dataVolumeRoutes(app: App, deps: AppDeps): void {
  const base = '/device-data-volume/v0.1';
  const guard = (scopes: ReadonlySet<string>) => scopes.has(CAMARA_SCOPE);

  app.post(`${base}/retrieve`, (c) =>
    withCaller(c, deps, guard, async (caller) => {
      const body = await camaraBody(c, RetrieveRequest);
      if (body instanceof Response) return body;
      const found = await lineVolume(c, deps, caller, body.device);
      if (found instanceof Response) return found;
      return camaraJson(c, 200, { ...(found.device ? { device: found.device } : {}), dataVolumeCategory: categoryOf(found.remainingBytes) });
    }),
  );

  app.post(`${base}/check`, (c) =>
    withCaller(c, deps, guard, async (caller) => {
      const body = await camaraBody(c, CheckRequest);
      if (body instanceof Response) return body;
      const found = await lineVolume(c, deps, caller, body.device);
      if (found instanceof Response) return found;
      const thresholdExceeded = exceedsThreshold(found.remainingBytes, body.volumeToCheck.value, body.volumeToCheck.unit);
      return camaraJson(c, 200, { ...(found.device ? { device: found.device } : {}), thresholdExceeded });
    }),
  );
}
