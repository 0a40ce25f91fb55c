'use client';

import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { filterActions, type ActionOption } from '@/lib/audit/actions';
import styles from './audit.module.css';

/**
 * A searchable list of actions (the ARIA combobox pattern, list autocomplete): typing filters the list by readable
 * name or raw value, Down/Up move through it, Enter picks the highlighted action, Escape closes the list (or, when
 * closed, clears the field). The field is a plain text input named `name`, so a raw value that is not in the list is
 * sent as typed, and the form works before this script has loaded.
 */
export function ActionCombobox({
  id,
  name,
  label,
  defaultValue,
  options,
  hint,
}: {
  id: string;
  name: string;
  label: string;
  defaultValue: string;
  options: ActionOption[];
  hint: string;
}) {
  const listId = useId();
  const hintId = `${id}-hint`;
  const [value, setValue] = useState(defaultValue);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const matches = useMemo(() => filterActions(options, value), [options, value]);
  const optionId = (i: number) => `${listId}-option-${i}`;
  const showing = open && matches.length > 0;

  const move = (to: number) => {
    setOpen(true);
    setActive(to);
    requestAnimationFrame(() => document.getElementById(optionId(to))?.scrollIntoView({ block: 'nearest' }));
  };

  const choose = (option: ActionOption) => {
    setValue(option.value);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (e.altKey) return setOpen(true);
        if (matches.length) move(!open || active < 0 ? 0 : (active + 1) % matches.length);
        return;
      case 'ArrowUp':
        e.preventDefault();
        if (matches.length) move(!open || active <= 0 ? matches.length - 1 : active - 1);
        return;
      case 'Home':
      case 'End':
        if (showing && active >= 0) {
          e.preventDefault();
          move(e.key === 'Home' ? 0 : matches.length - 1);
        }
        return;
      case 'Enter':
        // With an action highlighted, Enter picks it; otherwise it submits the form with what was typed.
        if (showing && active >= 0 && matches[active]) {
          e.preventDefault();
          choose(matches[active]);
        }
        return;
      case 'Escape':
        if (open) {
          e.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (value) {
          e.preventDefault();
          setValue('');
        }
        return;
      case 'Tab':
        setOpen(false);
        setActive(-1);
        return;
    }
  };

  return (
    <div className={`field ${styles.combo}`}>
      <label htmlFor={id}>{label}</label>
      <div className={styles.comboBox}>
      <input
        id={id}
        name={name}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showing}
        aria-controls={listId}
        aria-activedescendant={showing && active >= 0 ? optionId(active) : undefined}
        aria-describedby={hintId}
        autoComplete="off"
        spellCheck={false}
        placeholder="Type to search, e.g. session"
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(false)}
        onClick={() => setOpen((o) => !o)}
        onBlur={() => {
          setOpen(false);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label={`${label} suggestions`} className={styles.comboList} hidden={!showing}>
        {matches.map((o, i) => (
          <li
            key={o.value}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={styles.comboOption}
            // Keeps focus in the field, so the list does not close before the click lands.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(o)}
          >
            <span>{o.label}</span>
            <span className="mono small muted">{o.value}</span>
          </li>
        ))}
      </ul>
      </div>
      <span id={hintId} className="hint">
        {hint}
      </span>
      <span className="sr-only" role="status" aria-live="polite">
        {open ? `${matches.length} action${matches.length === 1 ? '' : 's'} match` : ''}
      </span>
    </div>
  );
}
