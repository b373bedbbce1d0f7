/** A tenant's webhook subscription. The secret signs each delivery and is never shown again. */
export interface WebhookSubscription {
  tenantId: string;
  webhookId: string;
  url: string;
  secret: string;
  events: ('session.completed' | 'session.failed')[];
  createdAt: string;
  createdBy: string;
}

/** Webhook subscriptions (DynamoDB, one partition per tenant). */
export interface WebhookRegistry {
  add(subscription: WebhookSubscription): Promise<void>;
  list(tenantId: string): Promise<WebhookSubscription[]>;
  /** Answers whether it existed. */
  remove(tenantId: string, webhookId: string): Promise<boolean>;
}
