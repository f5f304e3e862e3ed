/**
 * Step definitions binding CAMARA's generic Device Data Volume steps (its .feature files, run
 * unchanged) to this implementation's fixtures. Registered by defineCamaraSteps() into the support
 * library that camara-cucumber.test.ts builds.
 */
import { randomUUID } from 'node:crypto';
import { Before, Given, setDefaultTimeout, setWorldConstructor } from '@cucumber/cucumber';
import { remainingData } from '../../src/services/camara/data-volume.js';
import { dataUse, EVENT_PREFIX } from '../../src/services/camara/data-crossings.js';
import { freshLine, MEI, NO_PLAN, useData } from '../../src/testing/oauth-world.js';
import { at, CamaraWorld, DOCS, schemaErrors } from './camara-world.js';

type W = CamaraWorld & { legs?: 2 | 3; event?: { headers: Record<string, unknown>; body: Record<string, any> } };

function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

const SINK_TOKEN = 'sink-access-token-7f3a';
const future = () => new Date(Date.now() + 86_400_000).toISOString();
const isSubscriptions = (w: W) => w.resource.includes('subscriptions');

function useToken(w: W, kind: keyof CamaraWorld['fx']['tokens'] | 'none' | 'malformed'): void {
  w.legs = kind === 'threeLegged' ? 3 : 2;
  if (kind === 'none') delete w.headers['Authorization'];
  else w.headers['Authorization'] = kind === 'malformed' ? 'Bearer not.a.token!' : `Bearer ${w.fx.tokens[kind]}`;
}

function subscriptionBody(w: W, phoneNumber: string | undefined = MEI.msisdns[0], type = 'data-50-percent'): Record<string, unknown> {
  return {
    protocol: 'HTTP',
    sink: w.fx.sinkUrl,
    types: [`${EVENT_PREFIX}${type}`],
    sinkCredential: { credentialType: 'ACCESSTOKEN', accessToken: SINK_TOKEN, accessTokenExpiresUtc: future(), accessTokenType: 'bearer' },
    config: { subscriptionDetail: w.legs === 3 || phoneNumber === undefined ? {} : { device: { phoneNumber } } },
  };
}

function defaultBody(w: W): void {
  if (isSubscriptions(w)) {
    w.body = subscriptionBody(w);
    return;
  }
  w.body = w.legs === 3 ? {} : { device: { phoneNumber: MEI.msisdns[0] } };
  if (w.resource.endsWith('/check')) w.body.volumeToCheck = { ...w.threshold };
}

const devicePath = (w: W) => (isSubscriptions(w) ? '$.config.subscriptionDetail.device' : '$.device');

/** Creates a subscription through the API (2-legged) and remembers its id under `key`. */
async function subscribe(w: W, key: string, body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${w.base}/device-data-volume-subscriptions/v0.1/subscriptions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${w.fx.tokens.twoLegged}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const created = (await res.json()) as { id: string };
  check(res.status === 201, `subscription not created: ${res.status} ${JSON.stringify(created)}`);
  w.ids[key] = created.id;
  return created.id;
}

/** The scenario's own subscription on a fresh line, made when a step first needs it. */
async function ensureSubscription(w: W): Promise<void> {
  const p = w.pendingSubscription;
  if (!p || w.ids[p.key]) return;
  const line = await freshLine(w.fx.world.running);
  w.device = { iccid: line.iccid, phoneNumber: line.msisdn };
  const body = subscriptionBody(w, w.device.phoneNumber, p.type);
  (body['config'] as Record<string, unknown>)['subscriptionExpireTime'] = p.expire;
  if (p.maxEvents) (body['config'] as Record<string, unknown>)['subscriptionMaxEvents'] = p.maxEvents;
  if (!p.expire) delete (body['config'] as Record<string, unknown>)['subscriptionExpireTime'];
  await subscribe(w, p.key, body);
}

/** Rates data on the scenario's line until `percent` of its plan is used (past 100: beyond the plan). */
async function consume(w: W, percent: number): Promise<void> {
  await ensureSubscription(w);
  const { iccid } = w.device!;
  const use = await dataUse(w.fx.world.running.deps.store, iccid, Date.now());
  const target = (use.initialBytes * BigInt(percent)) / 100n + 1_048_576n;
  await useData(w.fx.world.running, iccid, Number(target - use.usedBytes), `camara-${randomUUID()}`);
}

async function waitForEvent(w: W, type: string, id: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const found = w.fx.received.find((e) => e.body['type'] === `${EVENT_PREFIX}${type}` && e.body['data']?.subscriptionId === id);
    if (found) {
      w.event = found;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${type} event for ${id} within 10 s (received ${w.fx.received.map((e) => e.body['type']).join(', ')})`);
}

const docOf = (w: W) => (isSubscriptions(w) ? DOCS.subscriptions : DOCS.volume);
// The test plan names EventSubscriptionEnds; the YAML defines EventSubscriptionEnded.
const schemaName = (name: string) => (name === 'EventSubscriptionEnds' ? 'EventSubscriptionEnded' : name);

export function defineCamaraSteps(): void {
  setWorldConstructor(CamaraWorld);
  setDefaultTimeout(20_000); // event scenarios wait for the sink (up to 10 s)
  Before(async function () {
    await CamaraWorld.fixtures.world.running.deps.store.db.deleteFrom('camara_subscriptions').execute();
  });
  Before({ tags: '@device_data_volume_checkDataVolume_200.01_check_threshold_exceeded' }, function (this: W) {
    this.threshold = { value: 1, unit: 'GiB' };
  });
  Before({ tags: '@device_data_volume_checkDataVolume_200.02_check_threshold_not_exceeded' }, function (this: W) {
    this.threshold = { value: 2, unit: 'GiB' };
  });

  // ---------- environment and request ----------
  Given(/^an environment at "apiRoot"$/, function (this: W) {
    this.base = this.fx.world.url;
  });
  Given(/^the resource "([^"]+)"$/, function (this: W, resource: string) {
    this.resource = resource;
    if (isSubscriptions(this)) defaultBody(this);
  });
  Given(/^the header "x-correlator" complies with the schema at "#\/components\/schemas\/XCorrelator"$/, function (this: W) {
    this.headers['x-correlator'] = randomUUID();
  });
  Given(/^the request body is set by default to a request body compliant with the schema "[^"]+"$/, function (this: W) {
    defaultBody(this);
  });
  Given(/^the request body is set to a valid request body$/, function (this: W) {
    defaultBody(this);
  });
  Given(
    /^(?:a )?(?:the )?request body (?:that )?is compliant with the (?:OAS schema at "#\/component\/schemas\/SubscriptionRequest"|schema "#\/components\/schemas\/SubscriptionRequest")$/,
    function (this: W) {
      defaultBody(this);
    },
  );
  Given(/^the {1,2}request "(\w+)" is sent$/, function (this: W, operationId: string) {
    this.operationId = operationId;
  });
  Given(/^the path parameter "subscriptionId" is (?:set to|equal to) "(\w+)"$/, async function (this: W, key: string) {
    await ensureSubscription(this);
    this.pathId = this.ids[key];
  });

  // ---------- tokens ----------
  Given(/^the header "Authorization" is set to a valid access token$/, function (this: W) {
    useToken(this, 'twoLegged');
  });
  Given(/^a valid 2- or 3-legged access token$/, function (this: W) {
    useToken(this, 'twoLegged');
  });
  Given(/^the header "Authorization" is set to a valid access token which does not identify (?:a single|any) device$/, function (this: W) {
    useToken(this, 'twoLegged');
  });
  Given(
    /^the header "Authorization" is set to a valid access token (?:identifying a device|which identifies (?:a valid device|the device associated with the subscription|a valid device associated with one or more subscriptions))$/,
    function (this: W) {
      useToken(this, 'threeLegged');
    },
  );
  Given(/^the header "Authorization" is set to (?:an expired access token|a previously valid but now expired access token)$/, function (this: W) {
    useToken(this, 'expired');
  });
  Given(/^the header "Authorization" is removed$/, function (this: W) {
    useToken(this, 'none');
  });
  Given(/^the header "Authorization" is set to a malformed token$/, function (this: W) {
    useToken(this, 'malformed');
  });
  Given(/^header "Authorization" set to an access token not including scope "device-data-volume:read"$/, function (this: W) {
    useToken(this, 'noDataVolume');
  });
  Given(/^the header "Authorization" set to an access token not including scope "[^"]+:create"$/, function (this: W) {
    useToken(this, 'subscriptionsReadOnly');
  });
  Given(/^the header "Authorization" set to an access token that includes only a single subscription scope$/, function (this: W) {
    useToken(this, 'only75Create');
  });

  // ---------- devices ----------
  Given(/^a valid testing device supported by the service is provided in the request body$/, function (this: W) {
    this.setBody('$.device', { phoneNumber: MEI.msisdns[0] });
  });
  Given(/^a valid target device, identified by either the access token or in the request body$/, function (this: W) {
    useToken(this, 'twoLegged');
  });
  Given(/^the request body property "\$\.device" is set to: \{\}$/, function (this: W) {
    this.setBody(devicePath(this), {});
  });
  Given(/^the request body property "([^"]+)" does not comply with the OAS schema at "[^"]+"$/, function (this: W, property: string) {
    const bad: Record<string, unknown> = {
      phoneNumber: '85291234001',
      ipv4Address: { publicAddress: '999.10.0.1', publicPort: 80 },
      ipv6Address: 'not-an-ipv6-address',
      networkIdentifier: 'not-a-schema-property',
    };
    const key = property.split('.').at(-1)!;
    this.setBody(devicePath(this), { [key]: bad[key] });
  });
  Given(/^the request body property "\$\.device" is compliant with the schema,? but does not identify a device whose connectivity is managed by the API provider$/, function (this: W) {
    this.setBody(devicePath(this), { phoneNumber: '+85299999999' });
  });
  Given(/^the request body property "\$\.device" is (?:also )?set to a valid device, which may or may not be the same device.*$/, function (this: W) {
    this.setBody(devicePath(this), { phoneNumber: MEI.msisdns[1] });
  });
  Given(/^the request body property "\$\.device" is not included$/, function (this: W) {
    this.setBody(devicePath(this), undefined);
  });
  Given(/^that some types of device identifiers are not supported by the implementation$/, function () {
    /* only phoneNumber identifies a device here */
  });
  Given(/^the request body property "\$\.device" only includes device identifiers not supported by the implementation$/, function (this: W) {
    this.setBody(devicePath(this), { ipv6Address: '2001:db8:85a3::8a2e:370:7344', networkAccessIdentifier: '123456789@domain.com' });
  });
  Given(/^that the service is not available for all devices commercialized by the (?:API provider|operator)$/, function () {
    /* lines without a data plan */
  });
  Given(/^a valid device, (?:identified by the token or )?provided in the request body, for which the service is not applicable$/, function (this: W) {
    useToken(this, 'twoLegged');
    this.setBody(devicePath(this), { phoneNumber: NO_PLAN.msisdn });
  });
  Given(/^a valid phone number identified by "\$\.config\.subscriptionDetail\.device\.phoneNumber"$/, function (this: W) {
    this.setBody('$.config.subscriptionDetail.device.phoneNumber', MEI.msisdns[0]);
  });
  Given(/^request property "\$\.config\.subscriptionDetail\.device\.phoneNumber" is not present$/, function (this: W) {
    this.setBody('$.config.subscriptionDetail.device', undefined);
  });

  // ---------- subscription request properties ----------
  Given(/^request property "\$\.types" is one of the allowed values "([^"]+)"$/, function (this: W, type: string) {
    this.setBody('$.types', [type]);
  });
  Given(/^request property "\$\.types" includes more than one subscription-type$/, function (this: W) {
    this.setBody('$.types', [`${EVENT_PREFIX}data-50-percent`, `${EVENT_PREFIX}data-75-percent`]);
  });
  Given(/^(?:the )?request property "\$\.protocol" is equal to "HTTP"$/, function (this: W) {
    this.setBody('$.protocol', 'HTTP');
  });
  Given(/^the request property "\$\.protocol" is not equal to "HTTP"$/, function (this: W) {
    this.setBody('$.protocol', 'MQTT3');
  });
  Given(/^request property "\$\.sink" is set to a valid callbackUrl$/, function (this: W) {
    this.setBody('$.sink', this.fx.sinkUrl);
  });
  Given(/^the request property "\$\.sink" is not matching the defined pattern$/, function (this: W) {
    this.setBody('$.sink', 'http://insecure.example/sink');
  });
  Given(/^the request body is not compliant with the schema "#\/components\/schemas\/SubscriptionRequest"$/, function (this: W) {
    defaultBody(this);
    this.setBody('$.config', undefined);
  });
  Given(/^the request property "\$\.config\.subscriptionExpireTime" is set to a time in the past$/, function (this: W) {
    this.setBody('$.config.subscriptionExpireTime', '2020-01-01T00:00:00Z');
  });
  Given(/^the request body property "\$\.types" is set to an invalid value$/, function (this: W) {
    this.setBody('$.types', ['org.example.not-an-event']);
  });
  Given(/^the request body property "\$\.types" is equal to "([^"]+)"$/, function (this: W, type: string) {
    this.setBody('$.types', [type]);
  });
  Given(/^the request body property "\$\.types" is equal to a valid type other than the event corresponding to the access token scope$/, function (this: W) {
    this.setBody('$.types', [`${EVENT_PREFIX}data-50-percent`]);
  });
  Given(/^the request property "\$\.sinkCredential\.(credentialType|accessTokenType)" is equal to "(\w+)"$/, function (this: W, key: string, value: string) {
    this.setBody(`$.sinkCredential.${key}`, value);
  });
  Given(/^the request property "\$\.sinkCredential\.credentialType" is not equal to "ACCESSTOKEN"$/, function (this: W) {
    this.setBody('$.sinkCredential.credentialType', 'PLAIN');
  });
  Given(/^the request property "\$\.sinkCredential\.accessTokenType" is not equal to "bearer"$/, function (this: W) {
    this.setBody('$.sinkCredential.accessTokenType', 'mac');
  });

  defineResponseSteps();
  defineSubscriptionSteps();
}

function defineResponseSteps(): void {
  Given(/^the response (?:status )?code is (\d+)$/, async function (this: W, status: string) {
    const r = await this.response();
    // CAMARA allows either creation mode; this implementation creates subscriptions synchronously (201).
    if (String(status) === '202' && this.operationId === 'createDeviceDataVolumeSubscription' && r.status === 201) return 'skipped';
    check(r.status === Number(status), `expected ${status}, got ${r.status}: ${r.text}`);
    return undefined;
  });
  Given(/^the response status code is 202 or 204$/, async function (this: W) {
    const r = await this.response();
    check([202, 204].includes(r.status), `got ${r.status}`);
  });
  Given(/^the response header "Content-Type" is "application\/json"$/, async function (this: W) {
    check((await this.response()).headers.get('content-type') === 'application/json', 'Content-Type is not application/json');
  });
  Given(/^the response header "x-correlator" has same value as the request header "x-correlator"$/, async function (this: W) {
    check((await this.response()).headers.get('x-correlator') === this.headers['x-correlator'], 'x-correlator not echoed');
  });
  Given(/^the response body complies with the OAS schema at "#\/components\/schemas\/(\w+)"$/, async function (this: W, name: string) {
    const errors = schemaErrors(docOf(this), { $ref: `#/components/schemas/${name}` }, (await this.response()).body);
    check(errors === undefined, `not a ${name}: ${JSON.stringify(errors)}`);
  });
  Given(/^the response body complies with an array of OAS schema defined at "#\/components\/schemas\/(\w+)"$/, async function (this: W, name: string) {
    const errors = schemaErrors(docOf(this), { type: 'array', items: { $ref: `#/components/schemas/${name}` } }, (await this.response()).body);
    check(errors === undefined, `not an array of ${name}: ${JSON.stringify(errors)}`);
  });
  Given(/^the response property "\$\.status" is (\d+)$/, async function (this: W, status: string) {
    check((await this.response()).body?.status === Number(status), 'status property');
  });
  Given(/^the response property "\$\.code" is "(\w+)"$/, async function (this: W, code: string) {
    const r = await this.response();
    check(r.body?.code === code, `expected code ${code}, got ${r.text}`);
  });
  Given(/^the response property "\$\.message" contains a user[ -]friendly text$/, async function (this: W) {
    const message = (await this.response()).body?.message;
    check(typeof message === 'string' && message.trim().length > 10 && /\s/.test(message), `message "${message}" is not a sentence`);
  });
  Given(/^the response body property "\$\.dataVolumeCategory" is present and has value .*$/, async function (this: W) {
    check(['<200MiB', '<1GiB', '<5GiB', '>=5GiB'].includes((await this.response()).body?.dataVolumeCategory), 'dataVolumeCategory');
  });
  Given(/^the response body property "\$\.thresholdExceeded" is present and has value "(true|false)"$/, async function (this: W, value: string) {
    check((await this.response()).body?.thresholdExceeded === (value === 'true'), 'thresholdExceeded');
  });
  Given(/^the remaining data volume is (above|below) the requested threshold$/, async function (this: W, side: string) {
    const volume = await remainingData(this.fx.world.running.deps.store, MEI.esims[0], Date.now());
    check(volume.ok, 'the testing device has no data volume');
    const threshold = BigInt(this.threshold.value) * (this.threshold.unit === 'GiB' ? 1_073_741_824n : 1_048_576n);
    check(volume.ok && (side === 'above' ? volume.remainingBytes > threshold : volume.remainingBytes <= threshold), `the ledger's remaining data is not ${side} the threshold`);
  });
}

function defineSubscriptionSteps(): void {
  Given(/^the response properties (.+) are present with the values provided in the request$/, async function (this: W, list: string) {
    const body = (await this.response()).body;
    for (const [, path] of list.matchAll(/"([^"]+)"/g)) check(JSON.stringify(at(body, path!)) === JSON.stringify(at(this.body, path!)), `${path} differs`);
  });
  Given(/^the response property "\$\.id" is present$/, async function (this: W) {
    check(typeof (await this.response()).body?.id === 'string', 'no id');
  });
  Given(/^the response property "\$\.id" is equal to "(\w+)"$/, async function (this: W, key: string) {
    check((await this.response()).body?.id === this.ids[key], 'id differs');
  });
  Given(/^the response property "\$\.startsAt" and "\$\.expiresAt", if present, has a valid value with date-time format$/, async function (this: W) {
    const body = (await this.response()).body;
    for (const key of ['startsAt', 'expiresAt']) check(body[key] === undefined || !Number.isNaN(Date.parse(body[key])), `${key} is not a date-time`);
  });
  Given(/^the response property "\$\.status", if present, has the value "ACTIVATION_REQUESTED", "ACTIVE" or "INACTIVE"$/, async function (this: W) {
    const status = (await this.response()).body?.status;
    check(status === undefined || ['ACTIVATION_REQUESTED', 'ACTIVE', 'INACTIVE'].includes(status), `status ${status}`);
  });
  Given(/^the response property "\$\.config\.subscriptionDetail\.device" is (not )?present$/, async function (this: W, not: string | undefined) {
    check((at((await this.response()).body, '$.config.subscriptionDetail.device') === undefined) === Boolean(not), 'device presence');
  });
  Given(/^the response property "\$\.config\.subscriptionDetail\.device" is not present in any of the subscription records$/, async function (this: W) {
    const list = (await this.response()).body as unknown[];
    check(
      list.every((s) => at(s, '$.config.subscriptionDetail.device') === undefined),
      'a record shows its device',
    );
  });
  Given(/^(?:a subscription exists and has a subscriptionId equal to|the API consumer has an active subscription with "subscriptionId" equal to) "(\w+)"$/, async function (this: W, key: string) {
    await subscribe(this, key, subscriptionBody(this));
  });
  Given(/^(?:at least one subscription is existing for the API consumer making this request|the API consumer has at least one active subscription for the device)$/, async function (this: W) {
    await subscribe(this, 'first', subscriptionBody(this));
    await subscribe(this, 'second', subscriptionBody(this, MEI.msisdns[1], 'data-90-percent'));
  });
  Given(/^the API consumer has no active subscriptions for the device$/, async function (this: W) {
    const rows = await this.fx.world.running.deps.store.db.selectFrom('camara_subscriptions').select('id').where('iccid', '=', MEI.esims[0]).execute();
    check(rows.length === 0, 'subscriptions exist for the device');
  });
  Given(/^the response body lists all subscriptions belonging to the API consumer( for the identified device)?$/, async function (this: W, forDevice: string | undefined) {
    const listed = ((await this.response()).body as { id: string }[]).map((s) => s.id).sort();
    let q = this.fx.world.running.deps.store.db.selectFrom('camara_subscriptions').select('id');
    if (forDevice) q = q.where('iccid', '=', MEI.esims[0]);
    const stored = (await q.execute()).map((r) => r.id).sort();
    check(JSON.stringify(listed) === JSON.stringify(stored), `listed ${listed.join(',')} but stored ${stored.join(',')}`);
  });
  Given(/^the response body is an empty array$/, async function (this: W) {
    const b = (await this.response()).body;
    check(Array.isArray(b) && b.length === 0, 'not an empty array');
  });
  Given(/^if the response property "\$\.status" is 204 then response body is not present$/, async function (this: W) {
    const r = await this.response();
    check(r.status !== 204 || r.text === '', 'a 204 with a body');
  });
  Given(/^if the response property "\$\.status" is 202 then response body complies .*$/, async function (this: W) {
    const r = await this.response();
    check(r.status !== 202 || schemaErrors(DOCS.subscriptions, { $ref: '#/components/schemas/SubscriptionAsync' }, r.body) === undefined, 'async body');
  });
  Given(/^that there is no valid subscription with "subscriptionId" equal to "(\w+)"$/, function (this: W, key: string) {
    this.ids[key] = randomUUID();
  });

  // ---------- events ----------
  Given(/^a valid subscription for (?:that|a) device exists with "subscriptionId" equal to "(\w+)"$/, function (this: W, key: string) {
    useToken(this, 'twoLegged');
    this.pendingSubscription = { key, type: 'data-50-percent' };
  });
  Given(/^the subscription property "\$\.types" contains the element "([^"]+)"$/, function (this: W, type: string) {
    this.pendingSubscription.type = type.replace(EVENT_PREFIX, '');
  });
  Given(/^the subscription property "\$\.sink" is a valid callback URL$/, function () {
    /* every subscription here names the test's HTTPS sink */
  });
  Given(/^the subscription property "\$\.subscriptionExpireTime" is set to a value in the near future$/, function (this: W) {
    this.pendingSubscription.expire = new Date(Date.now() + 2_500).toISOString();
  });
  Given(/^the subscription property "\$\.subscriptionMaxEvents" is set to 1$/, function (this: W) {
    this.pendingSubscription.maxEvents = 1;
  });
  Given(/^the device's data volume consumed (\d+)% of the data plan$/, async function (this: W, percent: string) {
    await consume(this, Number(percent));
  });
  Given(/^the device's data plan is exceeded$/, async function (this: W) {
    await consume(this, 101);
  });
  Given(/^a single notification corresponding to subscription property "\$\.type" has been sent to the callback URL$/, async function (this: W) {
    await consume(this, 55);
    await waitForEvent(this, this.pendingSubscription.type, this.ids[this.pendingSubscription.key]!);
  });
  Given(/^the subscriptionExpireTime is reached$/, async function (this: W) {
    await ensureSubscription(this);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(this.pendingSubscription.expire) - Date.now())));
  });
  Given(/^event notification "([\w-]+)" is sent to the specified callback URL$/, async function (this: W, type: string) {
    await waitForEvent(this, type, this.ids[this.pendingSubscription.key]!);
  });
  Given(/^a subscription termination event notification is sent to the callback URL$/, async function (this: W) {
    await ensureSubscription(this);
    await waitForEvent(this, 'subscription-ended', this.ids[this.pendingSubscription?.key ?? 'id']!);
  });
  Given(/^the sink credentials specified when the subscription was created are included$/, function (this: W) {
    check(this.event?.headers['authorization'] === `Bearer ${SINK_TOKEN}`, 'no sink credential');
  });
  Given(/^(?:the )?notification body complies with the OAS schema at "#\/components\/schemas\/(\w+)"$/, function (this: W, name: string) {
    const errors = schemaErrors(DOCS.subscriptions, { $ref: `#/components/schemas/${schemaName(name)}` }, this.event?.body);
    check(errors === undefined, `notification is not a ${name}: ${JSON.stringify(errors)}`);
  });
  Given(/^the notification property "\$\.type" is (?:equal to )?"([^"]+)"$/, function (this: W, type: string) {
    check(this.event?.body['type'] === type, 'type');
  });
  Given(/^the notification property "\$\.data\.subscriptionId" is equal to "(\w+)"$/, function (this: W, key: string) {
    check(this.event?.body['data']?.subscriptionId === this.ids[key], 'subscriptionId');
  });
  Given(/^the notification (?:request )?property "\$\.data\.terminationReason" is equal to "(\w+)"$/, function (this: W, reason: string) {
    check(this.event?.body['data']?.terminationReason === reason, 'terminationReason');
  });
}
