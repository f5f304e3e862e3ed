import { useTranslation } from 'react-i18next';
import { get, post } from '../api.js';
import { LoadedView, Title, useLoad } from '../components/ui.js';
import { formatDateTime } from '../format.js';
import { useSession } from '../session.js';
import { announceUnread } from '../components/UnreadBadge.js';

interface InboxItem {
  id: string;
  rule: string;
  subject: string;
  text: string;
  createdAt: string;
  read: boolean;
}
interface InboxPage {
  items: InboxItem[];
  unread: number;
}

/** The alerts the ledger raised for this account, in its language, newest first. */
export function Inbox() {
  const { t, i18n } = useTranslation();
  const { account } = useSession();
  const [loaded, reload] = useLoad(() => get<InboxPage>('/alerts/inbox?limit=100'), []);
  const markAll = async () => {
    const { unread } = await post<{ unread: number }>('/alerts/inbox/read', {});
    announceUnread(unread);
    reload();
  };
  return (
    <>
      <Title>{t('alertInbox.title')}</Title>
      <LoadedView loaded={loaded}>
        {(page) => (
          <>
            <p className="muted" role="status">
              {t('alertInbox.unread', { count: page.unread })}
            </p>
            {page.unread > 0 ? (
              <button type="button" onClick={() => void markAll()}>
                {t('alertInbox.markAllRead')}
              </button>
            ) : null}
            {page.items.length === 0 ? (
              <p>{t('alertInbox.empty')}</p>
            ) : (
              <ul className="inbox">
                {page.items.map((a) => (
                  <li key={a.id} className={a.read ? 'card read' : 'card unread'} data-rule={a.rule}>
                    <h2>
                      {a.read ? null : <span className="badge">{t('alertInbox.new')}</span>} {a.subject}
                    </h2>
                    <p>{a.text}</p>
                    <small className="muted">
                      <time dateTime={a.createdAt}>{formatDateTime(a.createdAt, i18n.language, account.timeZone)}</time>
                    </small>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </LoadedView>
    </>
  );
}
