export function Logo() {
  return (
    <span className="inline-flex items-center gap-2 font-semibold tracking-tight text-slate-900">
      <svg aria-hidden width="22" height="22" viewBox="0 0 24 24" className="text-brand-600">
        <rect x="3" y="3" width="18" height="18" rx="5" fill="currentColor" />
        <path d="M8 12.5l2.5 2.5L16 9.5" stroke="white" strokeWidth="2.2" fill="none" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      Touchstone
    </span>
  );
}
