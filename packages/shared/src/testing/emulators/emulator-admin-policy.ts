/**
 * The Service Bus emulator serves its administration API (queue runtime properties, entity
 * management) over plain HTTP on its own port (5300 by default), while the JavaScript SDK's
 * ServiceBusAdministrationClient always calls https://<host>/ of the connection string. This
 * pipeline policy sends those requests to the emulator's admin URL instead (the emulator's own
 * README describes this workaround for SDKs other than .NET's). Tests only: Azure is HTTPS.
 */
export interface AdminRequest {
  url: string;
  allowInsecureConnection?: boolean;
}

export function emulatorAdminPolicy(adminUrl: string) {
  const target = new URL(adminUrl);
  return {
    name: 'fleetscore-servicebus-emulator-admin',
    sendRequest<Q extends AdminRequest, R>(
      request: Q,
      next: (request: Q) => Promise<R>,
    ): Promise<R> {
      const url = new URL(request.url);
      url.protocol = target.protocol;
      url.host = target.host;
      request.url = url.toString();
      request.allowInsecureConnection = target.protocol === 'http:';
      return next(request);
    },
  };
}
