import './org.css';
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { isApiError } from '../../api.js';
import { useAuth, userHasRole } from '../../auth.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Skeleton } from '../../components/Skeleton.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { TextField } from '../../components/TextField.js';
import { useToast } from '../../components/Toast.js';
import { orgApi, type UnitTreeItem } from './api.js';
import { siblingsIndex, treeRows, visibleUnits } from './tree.js';
import { UnitForm } from './UnitForm.js';

/** The label of a unit kind: translated when known, as stored otherwise (the list is open). */
export function useKindLabel() {
  const { t, i18n } = useTranslation('org');
  return useCallback(
    (kind: string) => (i18n.exists(`org:kinds.${kind}`) ? t(`kinds.${kind}`) : kind),
    [t, i18n],
  );
}

export function unitName(unit: { name: string; nameEn: string | null }, language: string): string {
  return language === 'en' && unit.nameEn ? unit.nameEn : unit.name;
}

/**
 * The unit tree (WAI-ARIA tree view: one item in the tab order, arrows move, Right opens,
 * Left closes or goes to the parent, Home/End, Enter opens the unit page), with a search that
 * ignores diacritics, a switch for former units, and a create form for administrators.
 */
export default function UnitsPage() {
  const { t, i18n } = useTranslation('org');
  const navigate = useNavigate();
  const { user } = useAuth();
  const toast = useToast();
  const kindLabel = useKindLabel();
  const isAdmin = userHasRole(user, ['administrator']);
  const [units, setUnits] = useState<UnitTreeItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [showFormer, setShowFormer] = useState(false);
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const [focused, setFocused] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const tree = useRef<HTMLUListElement>(null);
  const moved = useRef(false);

  const load = useCallback(async () => {
    try {
      const body = await orgApi.tree();
      setUnits(body.units);
      // Roots and their children open at first, so the province's departments and communes show.
      setExpanded((e) =>
        e.size > 0 ? e : new Set(body.units.filter((u) => u.depth === 0).map((u) => u.id)),
      );
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const searching = query.trim() !== '';
  const { visible, matches } = useMemo(
    () => visibleUnits(units ?? [], query, !showFormer),
    [units, query, showFormer],
  );
  const rows = useMemo(
    () => treeRows(units ?? [], visible, expanded, searching),
    [units, visible, expanded, searching],
  );
  const positions = useMemo(() => siblingsIndex(rows), [rows]);
  const visibleChildren = useMemo(() => {
    const count = new Map<number, number>();
    for (const u of units ?? [])
      if (u.parentId !== null && visible.has(u.id))
        count.set(u.parentId, (count.get(u.parentId) ?? 0) + 1);
    return count;
  }, [units, visible]);
  const current = rows.find((r) => r.id === focused) ?? rows[0];

  useEffect(() => {
    if (!moved.current || !current) return;
    moved.current = false;
    tree.current?.querySelector<HTMLElement>(`[data-unit="${current.id}"]`)?.focus();
  }, [current]);

  const isOpen = (u: UnitTreeItem) => searching || expanded.has(u.id);
  const toggle = (id: number, open: boolean) =>
    setExpanded((e) => {
      const next = new Set(e);
      if (open) next.add(id);
      else next.delete(id);
      return next;
    });

  const focus = (id: number) => {
    moved.current = true;
    setFocused(id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>, u: UnitTreeItem) => {
    const i = rows.findIndex((r) => r.id === u.id);
    const hasKids = (visibleChildren.get(u.id) ?? 0) > 0;
    switch (event.key) {
      case 'ArrowDown':
        if (rows[i + 1]) focus(rows[i + 1]!.id);
        break;
      case 'ArrowUp':
        if (i > 0) focus(rows[i - 1]!.id);
        break;
      case 'Home':
        if (rows[0]) focus(rows[0].id);
        break;
      case 'End':
        if (rows.length) focus(rows[rows.length - 1]!.id);
        break;
      case 'ArrowRight':
        if (hasKids && !isOpen(u)) toggle(u.id, true);
        else if (hasKids && rows[i + 1]) focus(rows[i + 1]!.id);
        break;
      case 'ArrowLeft':
        if (hasKids && isOpen(u) && !searching) toggle(u.id, false);
        else if (u.parentId !== null && rows.some((r) => r.id === u.parentId)) focus(u.parentId);
        break;
      case 'Enter':
        navigate(`/quan-tri/don-vi/${u.id}`);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <>
      <PageTitle title={t('title')} subtitle={t('subtitle')} />
      <div className="unit-tools">
        <TextField
          label={t('search')}
          hint={t('searchHint')}
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <label className="unit-check">
          <input
            type="checkbox"
            checked={showFormer}
            onChange={(e) => setShowFormer(e.target.checked)}
          />{' '}
          {t('showFormer')}
        </label>
        {isAdmin ? (
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('create')}
          </Button>
        ) : null}
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {units === null ? (
        error ? null : (
          <Skeleton lines={8} />
        )
      ) : (
        <>
          <p className="field-hint" id="unit-tree-hint">
            {t('treeHint')} {t('count', { count: visible.size })}
          </p>
          <p aria-live="polite" className="visually-hidden">
            {searching ? t('count', { count: matches.size }) : ''}
          </p>
          {rows.length === 0 ? (
            <p>{t('noMatch')}</p>
          ) : (
            <ul
              className="unit-tree"
              // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: WAI-ARIA tree view on a list.
              role="tree"
              aria-label={t('treeLabel')}
              aria-describedby="unit-tree-hint"
              ref={tree}
            >
              {rows.map((u) => {
                const kids = visibleChildren.get(u.id) ?? 0;
                const pos = positions.get(u.id);
                return (
                  <li
                    key={u.id}
                    role="treeitem"
                    data-unit={u.id}
                    aria-level={u.depth + 1}
                    aria-setsize={pos?.size}
                    aria-posinset={pos?.pos}
                    aria-expanded={kids > 0 ? isOpen(u) : undefined}
                    aria-selected={u.id === current?.id}
                    tabIndex={u.id === current?.id ? 0 : -1}
                    style={{ paddingInlineStart: `${u.depth * 1.5 + 0.5}rem` }}
                    onKeyDown={(event) => onKeyDown(event, u)}
                    onClick={() => navigate(`/quan-tri/don-vi/${u.id}`)}
                    onFocus={() => setFocused(u.id)}
                  >
                    <span
                      className="unit-twisty"
                      aria-hidden="true"
                      onClick={(event) => {
                        event.stopPropagation();
                        if (kids > 0) toggle(u.id, !isOpen(u));
                      }}
                    >
                      {kids > 0 ? (isOpen(u) ? '▾' : '▸') : '·'}
                    </span>
                    <span
                      className={`${u.former ? 'unit-former' : ''} ${matches.has(u.id) ? 'unit-match' : ''}`}
                    >
                      {unitName(u, i18n.language)}
                    </span>
                    <span className="unit-code">
                      {u.code} · {kindLabel(u.kind)}
                    </span>
                    {u.former ? <StatusBadge tone="neutral">{t('former')}</StatusBadge> : null}
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
      <Dialog open={creating} onClose={() => setCreating(false)} title={t('create')}>
        {creating && units ? (
          <UnitForm
            initial={{
              parentId: current?.id ?? units[0]?.id ?? null,
              kind: '',
              level: '',
              code: '',
              name: '',
              nameEn: null,
              validFrom: null,
              validTo: null,
            }}
            parents={units.filter((u) => !u.former)}
            submitLabel={t('create')}
            onCancel={() => setCreating(false)}
            onSubmit={async (input) => {
              const created = await orgApi.create(input);
              setCreating(false);
              toast.show(t('created', { name: created.name }), 'success');
              if (input.parentId !== null) toggle(input.parentId, true);
              await load();
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}
