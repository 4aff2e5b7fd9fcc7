/** The Send API's host (`POST {base}/API/v2.0/messages/sendmessage`, REFERENCE §7.1). */
export const DEFAULT_SEND_API_URL = 'https://send.mailup.com';
/** The SMS API's host (`POST {base}/api/v2.0/sms/{accountId}/{listId}`, REFERENCE §8). */
export const DEFAULT_SMS_API_URL = 'https://sendsms.mailup.com';
