// Notifications: e-mail (SMTP), syslog (RFC 5424 / CEF over UDP, TCP, TLS) and webhooks (JSON,
// Slack, Teams) behind one Notifier interface; routing by alert level and kind; a persistent outbox
// in the store with retries, so an alert raised while a receiver is down arrives when it is back.
export { alertView, type AlertView } from './alert-view.js';
export { buildNotifiers, type BuildEnvironment } from './build.js';
export { loadNotifyConfig, NotifyConfigSchema, parseNotifyConfig, type ChannelConfig, type NotifyConfig, type RouteConfig } from './config.js';
export { Dispatcher, type DispatcherOptions } from './dispatcher.js';
export { NotifyError, type NotifyErrorCode } from './errors.js';
export { breachLevel, breachNotification, incidentNotification, systemNotification, testNotification } from './notification.js';
export { OUTBOX_NAMESPACE } from './outbox.js';
export { routeChannels } from './routing.js';
export { sendTestNotification, type TestSendResult } from './test-send.js';
export type { ChannelType, Language, Notification, NotificationKind, Notifier, SendResult } from './types.js';
