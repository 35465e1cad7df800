import { useEffect, useState } from 'react';
import { localOffsetLabel, type Zone } from './time-zone.ts';

type Theme = 'system' | 'light' | 'dark';

const stored = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
  const value = localStorage.getItem(key);
  return allowed.includes(value as T) ? (value as T) : fallback;
};

/** Theme and time zone, remembered on this machine; the page follows them at once. */
export function usePreferences() {
  const [theme, setTheme] = useState<Theme>(() => stored('trailscope-theme', ['system', 'light', 'dark'], 'system'));
  const [zone, setZone] = useState<Zone>(() => stored('trailscope-zone', ['utc', 'local'], 'utc'));
  useEffect(() => {
    localStorage.setItem('trailscope-theme', theme);
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => localStorage.setItem('trailscope-zone', zone), [zone]);
  return { theme, setTheme, zone, setZone };
}

export function Preferences({ theme, setTheme, zone, setZone }: ReturnType<typeof usePreferences>) {
  return (
    <div className="preferences">
      <label>
        Times{' '}
        <select value={zone} onChange={(e) => setZone(e.target.value as Zone)}>
          <option value="utc">UTC</option>
          <option value="local">Local ({localOffsetLabel()})</option>
        </select>
      </label>
      <label>
        Theme{' '}
        <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
          <option value="system">System</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
    </div>
  );
}
