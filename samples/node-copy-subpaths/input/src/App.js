import { useEffect, useState } from 'react';

export default function App() {
  const [now, setNow] = useState(new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(t);
  }, []);
  return <h1 className="clock">{now.toLocaleTimeString()}</h1>;
}
