import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { ApiResult, get } from './api';

// What every page shares: client-side navigation, links, API answers and problems.
export function navigate(path: string): void {
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}
export const toSignIn = () => {
  if (location.pathname !== '/sign-in') navigate(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`);
};
export const lotPath = (lot: string) => `/lots/${encodeURIComponent(lot)}`;

export function Link(props: { href: string; children: ComponentChildren }) {
  return (
    <a
      href={props.href}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}

export function useApi<T>(path: string | null): ApiResult<T> | undefined {
  const [result, setResult] = useState<ApiResult<T>>();
  useEffect(() => {
    setResult(undefined);
    if (path) void get<T>(path, toSignIn).then(setResult);
  }, [path]);
  return result;
}

export function Problem(props: { result: { status: number; detail: string } }) {
  return (
    <p class="error" role="alert">
      {props.result.status === 404 ? `Not found: ${props.result.detail}` : `Error ${props.result.status}: ${props.result.detail}`}
    </p>
  );
}
