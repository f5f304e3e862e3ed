import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { guessLanguage, initI18n } from './i18n.js';
import { startOfflineWatch } from './offline.js';
import './styles.css';

performance.mark('portal-start');
startOfflineWatch();
await initI18n(guessLanguage());
createRoot(document.getElementById('root')!).render(<App />);
