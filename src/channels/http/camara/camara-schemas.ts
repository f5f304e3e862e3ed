/** Request shapes of CAMARA Device Data Volume 0.1.0 (the YAML's schemas), strict: an unknown field is refused. */
import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';

const Ipv4 = z.string().refine((s) => isIPv4(s), { message: 'is not an IPv4 address' });

export const Device = z
  .strictObject({
    phoneNumber: z
      .string()
      .regex(/^\+[1-9][0-9]{4,14}$/, { message: 'must be E.164 with a leading +' })
      .optional(),
    networkAccessIdentifier: z.string().optional(),
    ipv4Address: z
      .strictObject({ publicAddress: Ipv4, privateAddress: Ipv4.optional(), publicPort: z.number().int().min(0).max(65_535).optional() })
      .refine((a) => a.privateAddress !== undefined || a.publicPort !== undefined, { message: 'needs privateAddress or publicPort with publicAddress' })
      .optional(),
    ipv6Address: z
      .string()
      .refine((s) => isIPv6(s), { message: 'is not an IPv6 address' })
      .optional(),
  })
  .refine((d) => Object.keys(d).length > 0, { message: 'device needs at least one identifier' });
export type DeviceBody = z.infer<typeof Device>;

export const RetrieveRequest = z.strictObject({ device: Device.optional() });

export const CheckRequest = z.strictObject({
  device: Device.optional(),
  volumeToCheck: z.strictObject({ value: z.number().int().min(0).max(1024), unit: z.enum(['MiB', 'GiB']) }),
});
