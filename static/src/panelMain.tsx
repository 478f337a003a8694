// First: the context and the panel's resolver call start before React and Atlaskit's modules run.
import './panelStart';
import '@atlaskit/css-reset';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PanelApp } from './PanelApp';

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <PanelApp />
    </StrictMode>,
  );
}
