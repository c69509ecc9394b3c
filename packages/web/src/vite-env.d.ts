// Lets TypeScript accept `import './styles.css'`, which Vite bundles; `types` is empty on purpose.
/// <reference types="vite/client" />
