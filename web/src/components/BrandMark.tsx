/** The OneWindow mark: a window of four panes with a red seal dot. Decorative. */
export function BrandMark({ size = 40 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false" className="ow-brand-mark">
      <rect width="64" height="64" rx="14" fill="#ffffff" fillOpacity="0.14" />
      <rect x="13" y="13" width="38" height="38" rx="6" fill="none" stroke="#ffffff" strokeWidth="5" />
      <path d="M32 13v38M13 32h38" stroke="#ffffff" strokeWidth="5" />
      <circle cx="49" cy="15" r="8" fill="#e23b2e" stroke="#ffffff" strokeWidth="2" />
    </svg>
  );
}
