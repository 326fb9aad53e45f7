using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pipeline.Preprocessing.Internal.Values;

/// <summary>
/// The set of row keys seen so far, for deduplication: 128 bits of each row's SHA-256 (<see cref="RowHasher"/>) in one
/// open-addressing table with linear probing. The keys are uniformly spread already, so their low bits index the
/// table directly, and a lookup usually reads one cache line where a <see cref="HashSet{T}"/> reads a bucket and an
/// entry.
/// </summary>
internal sealed class RowKeySet
{
    private const int MinimumSlots = 1 << 10;

    // Sized up front from an estimate at most this large; past it the table grows as rows come.
    private const int MaximumPresizedSlots = 1 << 22;

    // The zero key marks an empty slot, so a zero key is tracked by a separate flag.
    private UInt128[] _slots;
    private bool _hasZero;

    /// <param name="expectedKeys">About how many keys will be added; a guess that is too small only costs a resize.</param>
    public RowKeySet(long expectedKeys = 0) => _slots = new UInt128[SlotsFor(expectedKeys, MaximumPresizedSlots)];

    public int Count { get; private set; }

    /// <summary>Adds <paramref name="key"/>; false when it was already in the set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Add(UInt128 key)
    {
        if (key == UInt128.Zero)
        {
            if (_hasZero)
            {
                return false;
            }

            _hasZero = true;
            Count++;
            return true;
        }

        if (!Insert(_slots, key))
        {
            return false;
        }

        Count++;
        if (Count > (_slots.Length / 4) * 3)
        {
            Grow();
        }

        return true;
    }

    private static int SlotsFor(long keys, int limit)
    {
        // At most three quarters full: linear probing stays short.
        var needed = Math.Clamp((keys * 4 / 3) + 1, MinimumSlots, limit);
        return (int)BitOperations.RoundUpToPowerOf2((uint)needed);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Insert(UInt128[] slots, UInt128 key)
    {
        var mask = slots.Length - 1;
        var index = (int)(ulong)key & mask;
        while (true)
        {
            ref var slot = ref slots[index];
            if (slot == key)
            {
                return false;
            }

            if (slot == UInt128.Zero)
            {
                slot = key;
                return true;
            }

            index = (index + 1) & mask;
        }
    }

    private void Grow()
    {
        var larger = new UInt128[_slots.Length * 2];
        foreach (var key in _slots)
        {
            if (key != UInt128.Zero)
            {
                Insert(larger, key);
            }
        }

        _slots = larger;
    }
}
